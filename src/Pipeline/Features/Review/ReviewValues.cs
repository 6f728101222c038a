using System.Text.Json;
using System.Text.Json.Nodes;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>
/// Examination values: a JSON object with a <c>label</c> (<c>present</c> or <c>absent</c>) and any corrected findings
/// fields. Stored canonically (keys sorted, compact) so that two votes stating the same value compare equal as text.
/// </summary>
public static class ReviewValues
{
    public const int MaxValueLength = 16_384;

    public static string LabelValue(PolypLabel label) => Canonical(new JsonObject { ["label"] = LabelName(label) });

    public static string LabelName(PolypLabel label) => label.ToString().ToLowerInvariant();

    /// <summary>The canonical form of a corrected value, or the reason it is not one.</summary>
    public static (string? Canonical, string? Error) Parse(string json)
    {
        if (json.Length > MaxValueLength) return (null, $"value is longer than {MaxValueLength} characters.");
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { return (null, "value is not valid JSON: " + e.Message); }
        if (node is not JsonObject obj) return (null, "value must be a JSON object such as {\"label\":\"present\"}.");
        var label = obj["label"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (label is not ("present" or "absent"))
            return (null, "value.label must be \"present\" or \"absent\" (an undecided label is not a correction).");
        return (Canonical(obj), null);
    }

    /// <summary>The polyp label a canonical value states.</summary>
    public static PolypLabel? LabelOf(string? valueJson)
    {
        if (valueJson is null) return null;
        var label = JsonNode.Parse(valueJson)?["label"]?.GetValue<string>();
        return label switch { "present" => PolypLabel.Present, "absent" => PolypLabel.Absent, _ => null };
    }

    private static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
