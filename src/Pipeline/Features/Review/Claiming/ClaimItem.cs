using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;
using JasperFx;

namespace EndoKED.Pipeline.Features.Review.Claiming;

/// <summary>Takes, renews and releases claims. Two readers claiming at once: one wins, the other gets a conflict.</summary>
public sealed class ClaimItem(IDocumentSession session, ReviewOptions options, TimeProvider clock)
{
    public async Task<(ReviewClaim? Claim, ReviewRefusal? Refusal)> ClaimAsync(ReviewItemKind kind, Guid itemId, AccessScope scope, CancellationToken ct = default)
    {
        var state = await session.Events.AggregateStreamAsync<ReviewState>(itemId, token: ct) ?? new ReviewState();
        var existing = await session.LoadAsync<ReviewClaim>(itemId, ct);
        var now = clock.GetUtcNow();
        var (granted, refusal) = ClaimDecider.Decide(state, kind, existing, scope, options.ClaimTimeout, now);
        if (granted is null) return (null, refusal);

        // Optimistic concurrency on the claim document: a claim taken meanwhile makes this save fail.
        if (existing is null) session.Insert(granted);
        else session.Update(granted);
        try
        {
            await session.SaveChangesAsync(ct);
            return (granted, null);
        }
        catch (Exception e) when (e is ConcurrencyException or DocumentAlreadyExistsException)
        {
            return (null, new ReviewRefusal(RefusalKind.Conflict, "Someone claimed this item a moment ago; take the next one from the queue."));
        }
    }

    /// <summary>Releases the caller's claim (skip); an Admin may release anyone's. False when there was nothing to release.</summary>
    public async Task<bool> ReleaseAsync(Guid itemId, AccessScope scope, CancellationToken ct = default)
    {
        var existing = await session.LoadAsync<ReviewClaim>(itemId, ct);
        if (existing is null || (existing.Reader != scope.Actor && !scope.IsAdmin) || !scope.CanSee(existing.CentreId)) return false;
        session.Delete(existing);
        await session.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The items claimed by someone other than this reader, still live.</summary>
    public static async Task<IReadOnlyList<Guid>> ClaimedByOthersAsync(IQuerySession session, string reader, DateTimeOffset now, CancellationToken ct) =>
        await session.Query<ReviewClaim>().Where(c => c.ExpiresAt > now && c.Reader != reader).Select(c => c.Id).ToListAsync(ct);
}
