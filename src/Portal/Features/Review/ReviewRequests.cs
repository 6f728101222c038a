using EndoKED.Shared.Events;
using System.Text.Json;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review;

/// <summary>
/// Reads a vote (or adjudication) body of shared/contracts/api.md by hand, so that every malformed field gets a 400
/// that names it: <c>{"verdict", "value", "maskRle": {"size": [h, w], "counts": "..." | [..]}, "reason", "reasonText", "expectedVersion"}</c>.
/// </summary>
public static class ReviewRequests
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static bool TryKind(string kind, out ReviewItemKind parsed)
    {
        parsed = kind switch { "examination" => ReviewItemKind.Examination, "image" => ReviewItemKind.Image, _ => (ReviewItemKind)(-1) };
        return parsed >= 0;
    }

    /// <summary>
    /// The queue a <c>kind</c> and <c>queue</c> pair names: <c>examination</c> and <c>image</c> with <c>votes</c> or
    /// <c>adjudication</c>, or <c>crosscheck</c> (a voting queue of examinations); null with what is wrong otherwise.
    /// </summary>
    public static (ReviewItemKind Kind, QueueName Queue, string? Error) Queue(string? kind, string? queue)
    {
        const string queues = "queue must be \"votes\" or \"adjudication\".";
        if (!Enum.TryParse<QueueName>(queue ?? "votes", true, out var name) || int.TryParse(queue, out _) || name == QueueName.CrossCheck)
            return (default, default, queues);
        if (kind == "crosscheck")
            return name == QueueName.Votes
                ? (ReviewItemKind.Examination, QueueName.CrossCheck, null)
                : (default, default, "The cross-check queue is a voting queue: leave out queue (examinations it sends to a Lead are in kind=examination&queue=adjudication).");
        return TryKind(kind ?? "examination", out var k)
            ? (k, name, null)
            : (default, default, "kind must be \"examination\", \"image\" or \"crosscheck\".");
    }

    public static async Task<(VoteContent? Content, long? ExpectedVersion, string? Error)> ReadVoteAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return (null, null, $"The body is larger than {MaxBodyBytes} bytes.");
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct); }
        catch (JsonException e) { return (null, null, "The body is not JSON: " + e.Message); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, "The body must be a JSON object with at least \"verdict\".");
            if (!Text(root, "verdict", out var verdictText) || !Enum.TryParse<ReviewVerdict>(verdictText, true, out var verdict) || int.TryParse(verdictText, out _))
                return (null, null, "verdict must be \"accept\", \"reject\" or \"correct\".");

            var reason = ReviewReason.Agree;
            if (Text(root, "reason", out var reasonText) && !ReasonNames.TryParse(reasonText, out reason))
                return (null, null, $"reason must be one of {string.Join(", ", ReasonNames.All)}; put free text in reasonText.");
            if (root.TryGetProperty("reasonText", out var rt) && rt.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return (null, null, "reasonText must be a string.");

            long? expected = null;
            if (root.TryGetProperty("expectedVersion", out var ev) && ev.ValueKind != JsonValueKind.Null)
            {
                if (ev.ValueKind != JsonValueKind.Number || !ev.TryGetInt64(out var v) || v < 0)
                    return (null, null, "expectedVersion must be a whole number (the version the item had when you looked at it).");
                expected = v;
            }

            string? value = root.TryGetProperty("value", out var val) && val.ValueKind != JsonValueKind.Null ? val.GetRawText() : null;
            MaskRle? mask = null;
            if (root.TryGetProperty("maskRle", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                var (parsed, error) = Mask(m);
                if (error is not null) return (null, null, error);
                mask = parsed;
            }

            var text = rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            return (new VoteContent(verdict, value, mask, reason, text), expected, null);
        }
    }

    private static (MaskRle? Mask, string? Error) Mask(JsonElement m)
    {
        const string shape = "maskRle must be {\"size\": [height, width], \"counts\": \"<compressed>\" or [runs...]} (COCO RLE).";
        if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Array
            || size.GetArrayLength() != 2 || !WholeNumber(size[0], out var h) || !WholeNumber(size[1], out var w) || !m.TryGetProperty("counts", out var counts))
            return (null, shape);
        if (h <= 0 || w <= 0) return (null, "maskRle.size must be two positive numbers [height, width].");
        if (counts.ValueKind == JsonValueKind.String) return (new MaskRle(h, w, counts.GetString()!), null);
        if (counts.ValueKind != JsonValueKind.Array) return (null, shape);
        var runs = new List<int>();
        foreach (var c in counts.EnumerateArray())
        {
            if (!WholeNumber(c, out var run) || run < 0) return (null, "maskRle.counts must hold whole, non-negative run lengths.");
            runs.Add(run);
        }

        return (new CocoRle(h, w, [.. runs]).ToEventMask(), null);
    }

    // TryGetInt32 throws on anything but a number ("counts": ["3", "4"] was a 500).
    private static bool WholeNumber(JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value);
    }

    private static bool Text(JsonElement root, string name, out string? text)
    {
        text = root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return text is not null;
    }
}
