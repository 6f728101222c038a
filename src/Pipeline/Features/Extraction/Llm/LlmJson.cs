using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>Serialisation of <see cref="LlmAnswer"/> and the JSON Schema sent to the model as the response format.</summary>
public static class LlmJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The schema of <see cref="LlmAnswer"/> with snake_case names and the schema's enum values.</summary>
    public static ChatResponseFormat ResponseFormat { get; } = ChatResponseFormat.ForJsonSchema(
        AIJsonUtilities.CreateJsonSchema(typeof(LlmAnswer), serializerOptions: Options),
        "report_findings",
        "Polyp findings of one colonoscopy record, each with a verbatim quote");

    /// <summary>Reads the model's text; tolerates a Markdown code fence around the JSON. Throws <see cref="JsonException"/>.</summary>
    public static LlmAnswer Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal))
        {
            var first = t.IndexOf('\n', StringComparison.Ordinal);
            var last = t.LastIndexOf("```", StringComparison.Ordinal);
            t = first > 0 && last > first ? t[(first + 1)..last] : t;
        }
        var answer = JsonSerializer.Deserialize<LlmAnswer>(t, Options) ?? throw new JsonException("the answer is JSON null");
        return answer with { Polyps = answer.Polyps ?? [], Pathology = answer.Pathology ?? [] };
    }

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.MakeReadOnly();
        return o;
    }
}
