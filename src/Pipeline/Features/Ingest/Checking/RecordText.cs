using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Features.Ingest.Reading;

namespace EndoKED.Pipeline.Features.Ingest.Checking;

public sealed record ExamMetadata(string? PatientId, DateOnly? Date, IReadOnlyDictionary<string, string> Extra);

/// <summary>Reads the text parts of a record: strict UTF-8 (a wrong encoding would corrupt Chinese reports), bounded size.</summary>
public static class RecordText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text, or the reason it cannot be used.</summary>
    public static (string? Text, string? Error) Read(SourceFile file, long maxBytes)
    {
        if (file.Length > maxBytes)
            return (null, $"{file.Name} is {file.Length:N0} bytes, over the {maxBytes:N0}-byte limit");
        var bytes = file.ReadBounded(maxBytes);
        if (bytes.Length > maxBytes)
            return (null, $"{file.Name} is over the {maxBytes:N0}-byte limit");
        try
        {
            var text = Strict.GetString(bytes).TrimStart('\uFEFF');
            return text.Contains('\0', StringComparison.Ordinal)
                ? (null, $"{file.Name} holds NUL bytes: it is binary, not text")
                : (text, null);
        }
        catch (DecoderFallbackException e)
        {
            return (null, $"{file.Name} is not valid UTF-8 (bad byte at offset {e.Index}): convert it to UTF-8 and ingest again");
        }
    }

    public static (ExamMetadata? Meta, string? Error) ParseExamJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (null, "exam.json must hold a JSON object");
            var root = doc.RootElement;
            string? patient = root.TryGetProperty("patientId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var (date, dateError) = ParseDate(root.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);
            if (dateError is not null) return (null, "exam.json: " + dateError);
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
                foreach (var prop in m.EnumerateObject())
                    extra[prop.Name] = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString()! : prop.Value.GetRawText();
            return (new ExamMetadata(patient, date, extra), null);
        }
        catch (JsonException e)
        {
            return (null, $"exam.json is not valid JSON (line {e.LineNumber + 1}): {e.Message.Split('.')[0]}");
        }
    }

    public static (DateOnly? Date, string? Error) ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, $"date '{text}' is not yyyy-MM-dd");
    }
}
