using JasperFx.Events;
using Marten;
using Marten.Events;
using JasperFx;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>Fetching an item's stream for a review command and saving it, with the expected-version rules of the API.</summary>
public static class ReviewStreams
{
    /// <summary>
    /// With an expected version: optimistic (Marten checks the version again when appending). Without: the stream row
    /// is locked until the transaction ends, so concurrent commands on one item run one after the other.
    /// </summary>
    public static Task<IEventStream<ReviewState>> FetchAsync(IDocumentSession session, Guid itemId, long? expectedVersion, CancellationToken ct) =>
        expectedVersion is null
            ? session.Events.FetchForExclusiveWriting<ReviewState>(itemId, ct)
            : session.Events.FetchForWriting<ReviewState>(itemId, ct);

    public static ReviewRefusal? Stale(ReviewState state, long? expectedVersion) =>
        expectedVersion is { } v && v != state.Version
            ? new ReviewRefusal(RefusalKind.Conflict,
                $"The item is at version {state.Version}, not {v}: someone acted on it meanwhile. Nothing was recorded; fetch it and vote again.")
            : null;

    /// <summary>Saves; a concurrency conflict (the stream moved since it was fetched) is a 409 with nothing recorded.</summary>
    public static async Task<ReviewRefusal?> SaveAsync(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (ConcurrencyException)
        {
            return new ReviewRefusal(RefusalKind.Conflict,
                "Someone acted on the item while your vote was being recorded. Nothing was recorded; fetch it and vote again.");
        }
    }
}
