using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Claiming;

/// <summary>
/// A soft lock: one reader works on an item until <see cref="ExpiresAt"/>. A lease document, not an event: a claim is
/// coordination, not a fact about the label, and appending it to the item's stream would move the version that votes
/// send as expectedVersion (another reader's claim would make your vote stale). Expired claims are simply ignored.
/// </summary>
public sealed record ReviewClaim
{
    /// <summary>The item's stream id (one claim per item).</summary>
    public Guid Id { get; init; }
    public ReviewItemKind Kind { get; init; }
    public string CentreId { get; init; } = "";
    public string Reader { get; init; } = "";
    public DateTimeOffset ClaimedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    public bool HeldBySomeoneElse(string reader, DateTimeOffset now) => ExpiresAt > now && Reader != reader;
}

/// <summary>Pure: may this reader claim the item now? Their own claim is renewed; someone else's live claim is a conflict.</summary>
public static class ClaimDecider
{
    public static (ReviewClaim? Granted, ReviewRefusal? Refusal) Decide(
        ReviewState state, ReviewItemKind kind, ReviewClaim? existing, Infrastructure.Access.AccessScope scope, TimeSpan timeout, DateTimeOffset now)
    {
        if (ReviewAccess.MayVote(state, kind, scope) is { } refused) return (null, refused);
        if (state.Stage == ReviewStage.Final) return (null, new ReviewRefusal(RefusalKind.Conflict, "The item already has a final label; take the next one from the queue."));
        if (existing is not null && existing.HeldBySomeoneElse(scope.Actor, now))
            return (null, new ReviewRefusal(RefusalKind.Conflict, $"{existing.Reader} is reviewing this item until {existing.ExpiresAt:u}; take the next one from the queue."));
        return (new ReviewClaim
        {
            Id = state.Id, Kind = state.Kind, CentreId = state.CentreId, Reader = scope.Actor,
            ClaimedAt = existing?.Reader == scope.Actor && existing.ExpiresAt > now ? existing.ClaimedAt : now,
            ExpiresAt = now + timeout,
        }, null);
    }
}
