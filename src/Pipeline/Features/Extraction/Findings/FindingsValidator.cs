using System.Text.Json;

namespace EndoKED.Pipeline.Features.Extraction.Findings;

/// <summary>
/// Checks a JSON object against the rules of report-findings.schema.json (required members, types, enums, ranges,
/// unique pathology classes, spans) without a JSON Schema package. Returns the problems; empty means valid.
/// </summary>
public static class FindingsValidator
{
    private static readonly string[] Segments = Enum.GetValues<Segment>().Select(v => FindingsJson.Name(v)).ToArray();
    private static readonly string[] Morphologies = Enum.GetValues<Morphology>().Select(v => FindingsJson.Name(v)).ToArray();
    private static readonly string[] Classes = Enum.GetValues<PathologyClass>().Select(v => FindingsJson.Name(v)).ToArray();
    private static readonly string[] Sources = Enum.GetValues<SpanSource>().Select(v => FindingsJson.Name(v)).ToArray();

    public static IReadOnlyList<string> Validate(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Validate(doc.RootElement);
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }
    }

    public static IReadOnlyList<string> Validate(JsonElement root)
    {
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object) return ["the findings must be a JSON object"];
        foreach (var name in new[] { "id", "polyp_present", "polyp_count", "polyps", "pathology", "extractor" })
            if (!root.TryGetProperty(name, out _)) errors.Add($"{name} is required");

        Check(root, "id", errors, e => e.ValueKind == JsonValueKind.String, "a string");
        Check(root, "extractor", errors, e => e.ValueKind == JsonValueKind.String, "a string");
        Check(root, "polyp_present", errors, e => e.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, "true, false or null");
        Check(root, "polyp_count", errors, e => IsNullOrInt(e, 0), "null or an integer >= 0");
        Check(root, "confidence", errors, e => e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.Number && e.GetDouble() is >= 0 and <= 1), "null or a number in [0, 1]");
        if (root.TryGetProperty("evidence", out var ev)) CheckSpans(ev, "evidence", errors);

        if (root.TryGetProperty("polyps", out var polyps))
        {
            if (polyps.ValueKind != JsonValueKind.Array) errors.Add("polyps must be an array");
            else
            {
                var i = 0;
                foreach (var p in polyps.EnumerateArray()) CheckPolyp(p, $"polyps[{i++}]", errors);
            }
        }

        if (root.TryGetProperty("pathology", out var path))
        {
            if (path.ValueKind != JsonValueKind.Array) errors.Add("pathology must be an array");
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in path.EnumerateArray())
                {
                    if (c.ValueKind != JsonValueKind.String || !Classes.Contains(c.GetString())) errors.Add($"pathology: '{c}' is not one of {string.Join(", ", Classes)}");
                    else if (!seen.Add(c.GetString()!)) errors.Add($"pathology: '{c}' appears twice");
                }
            }
        }
        return errors;
    }

    private static void CheckPolyp(JsonElement p, string at, List<string> errors)
    {
        if (p.ValueKind != JsonValueKind.Object) { errors.Add($"{at} must be an object"); return; }
        foreach (var name in new[] { "location", "size_mm", "count" })
            if (!p.TryGetProperty(name, out _)) errors.Add($"{at}.{name} is required");
        Check(p, "count", errors, e => IsNullOrInt(e, 1), "null or an integer >= 1", at);
        Check(p, "location", errors, e => IsNullOrOneOf(e, Segments), "null or one of " + string.Join(", ", Segments), at);
        Check(p, "size_mm", errors, e => e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.Number && e.GetDouble() >= 0), "null or a number >= 0", at);
        Check(p, "morphology", errors, e => IsNullOrOneOf(e, Morphologies), "null or one of " + string.Join(", ", Morphologies), at);
        Check(p, "removed", errors, e => e.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, "true, false or null", at);
        if (p.TryGetProperty("evidence", out var ev)) CheckSpans(ev, at + ".evidence", errors);
    }

    private static void CheckSpans(JsonElement spans, string at, List<string> errors)
    {
        if (spans.ValueKind != JsonValueKind.Array) { errors.Add($"{at} must be an array"); return; }
        var i = 0;
        foreach (var s in spans.EnumerateArray())
        {
            var here = $"{at}[{i++}]";
            if (s.ValueKind != JsonValueKind.Object) { errors.Add($"{here} must be an object"); continue; }
            foreach (var name in new[] { "source", "start", "end" })
                if (!s.TryGetProperty(name, out _)) errors.Add($"{here}.{name} is required");
            Check(s, "source", errors, e => e.ValueKind == JsonValueKind.String && Sources.Contains(e.GetString()), "report or pathology", here);
            Check(s, "start", errors, e => IsInt(e, 0), "an integer >= 0", here);
            Check(s, "end", errors, e => IsInt(e, 0), "an integer >= 0", here);
        }
    }

    private static void Check(JsonElement obj, string name, List<string> errors, Func<JsonElement, bool> ok, string what, string? at = null)
    {
        if (obj.TryGetProperty(name, out var e) && !ok(e))
            errors.Add($"{(at is null ? "" : at + ".")}{name} must be {what} (got {e.GetRawText()})");
    }

    private static bool IsInt(JsonElement e, long min) => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= min;

    private static bool IsNullOrInt(JsonElement e, long min) => e.ValueKind == JsonValueKind.Null || IsInt(e, min);

    private static bool IsNullOrOneOf(JsonElement e, string[] allowed) =>
        e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.String && allowed.Contains(e.GetString()));
}
