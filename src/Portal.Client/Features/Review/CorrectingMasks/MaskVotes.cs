using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Client.Features.Review.CorrectingMasks;

public enum MaskVoteOutcome
{
    Recorded,

    /// <summary>The item moved on since the version the reader looked at (someone voted meanwhile): nothing was recorded.</summary>
    Conflict,
    SignedOut,
    Refused,
}

/// <summary>What the portal answered: the item's new version and stage once recorded, else the problem's detail.</summary>
public sealed record MaskVoteResult(MaskVoteOutcome Outcome, long? Version = null, string? Stage = null, string? Detail = null);

/// <summary>The item as it stands now (after a conflict, to vote again at the new version).</summary>
public sealed record MaskItemState(long Version, string Stage);

/// <summary>
/// Sends a corrected mask through the portal's HTTP API (shared/contracts/api.md) from the browser: same origin, so the
/// session cookie authenticates it; with the version the reader looked at, so a vote cast meanwhile is a 409, not a
/// silent overwrite of what they saw.
/// </summary>
public sealed class MaskVotes(HttpClient http)
{
    public async Task<MaskVoteResult> SendAsync(Guid imageId, bool adjudicating, MaskRle mask, string reason, string? reasonText,
        long expectedVersion, CancellationToken ct = default)
    {
        var body = new
        {
            verdict = "correct",
            maskRle = new { size = new[] { mask.Height, mask.Width }, counts = mask.Counts },
            reason,
            reasonText = string.IsNullOrWhiteSpace(reasonText) ? null : reasonText.Trim(),
            expectedVersion,
        };
        using var response = await http.PostAsJsonAsync($"api/items/image/{imageId}/{(adjudicating ? "adjudication" : "votes")}", body, ct);
        var json = await ReadAsync(response, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted or HttpStatusCode.OK => new(MaskVoteOutcome.Recorded, Number(json, "version"), Text(json, "stage")),
            HttpStatusCode.Conflict => new(MaskVoteOutcome.Conflict, Detail: Text(json, "detail")),
            HttpStatusCode.Unauthorized => new(MaskVoteOutcome.SignedOut, Detail: "Your session ended: sign in again in another tab, then send again."),
            _ => new(MaskVoteOutcome.Refused, Detail: Text(json, "detail") ?? $"The portal answered {(int)response.StatusCode}."),
        };
    }

    /// <summary>The item's current version and stage; null when it is gone or out of reach.</summary>
    public async Task<MaskItemState?> CurrentAsync(Guid imageId, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/items/image/{imageId}/review", ct);
        if (!response.IsSuccessStatusCode) return null;
        var json = await ReadAsync(response, ct);
        return Number(json, "version") is { } version ? new(version, Text(json, "stage") ?? "") : null;
    }

    private static async Task<JsonElement?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try { return await response.Content.ReadFromJsonAsync<JsonElement>(ct); }
        catch (JsonException) { return null; }
    }

    private static long? Number(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var p) && p.TryGetInt64(out var v) ? v : null;

    private static string? Text(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var p) ? p.ValueKind == JsonValueKind.String ? p.GetString() : p.ToString() : null;
}
