using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EndoKED.Pipeline.Features.Extraction.Findings;

/// <summary>The serialiser settings that give exactly the schema's snake_case names and enum values.</summary>
public static class FindingsJson
{
    /// <summary>Snake_case names and enum values; nulls written (the schema requires them); Chinese left readable.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(ReportFindings findings) => JsonSerializer.Serialize(findings, Options);

    public static ReportFindings? Deserialize(string json) => JsonSerializer.Deserialize<ReportFindings>(json, Options);

    /// <summary>The schema's spelling of an enum value, e.g. HepaticFlexure → hepatic_flexure.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Output files are data, not HTML: keep CJK text readable instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
