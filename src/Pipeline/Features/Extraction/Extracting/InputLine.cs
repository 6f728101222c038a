using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Extracting;

/// <summary>Reads one line of the extract input: <c>{"id": "...", "report": "...", "pathology": "..."}</c>.</summary>
public static class InputLine
{
    /// <summary>Throws <see cref="JsonException"/> for text that is not JSON and <see cref="FormatException"/> for a line without an id.</summary>
    public static ReportInput Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the line is not a JSON object");
        var id = root.TryGetProperty("id", out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            // A numeric id is still an id; it is written back as its text.
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
        if (string.IsNullOrWhiteSpace(id)) throw new FormatException("the line has no id");
        return new ReportInput(id, Text(root, "report") ?? "", Text(root, "pathology"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
