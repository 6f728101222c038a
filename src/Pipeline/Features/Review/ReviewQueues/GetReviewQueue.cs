using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;
using Marten.Linq;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>Which queue: items to vote on, or items waiting for a Lead.</summary>
public enum QueueName
{
    Votes,
    Adjudication,
}

public sealed record ReviewQueueQuery(ReviewItemKind Kind, string? Centre, QueueName Queue, IReadOnlyList<Guid> Skip, int Page, int PageSize);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, long Total, int Page, int PageSize);

/// <summary>
/// The next items for the caller, most useful first, paged on the server. The voting queue leaves out items the caller
/// already voted on, items someone else has claimed, and the ones the caller skips (they come back once no longer
/// skipped). The adjudication queue is for Leads and Admins.
/// </summary>
public sealed class GetReviewQueue(IQuerySession session, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<(ReviewQueuePage? Page, ReviewRefusal? Refusal)> HandleAsync(ReviewQueueQuery query, AccessScope scope, CancellationToken ct = default)
    {
        if (query.Queue == QueueName.Adjudication && !scope.IsLeadOrAdmin)
            return (null, new ReviewRefusal(RefusalKind.Forbidden, "The adjudication queue is for Leads and Admins; ask for queue=votes."));
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        if (query.Centre is { } c && !scope.CanSee(c)) return (new ReviewQueuePage([], 0, page, size), null);

        var stage = query.Queue == QueueName.Votes ? ReviewStage.Voting : ReviewStage.Adjudication;
        IQueryable<ReviewQueueItem> q = session.Query<ReviewQueueItem>()
            .Where(x => x.Kind == query.Kind && x.Open && x.Stage == stage);
        if (query.Centre is { } centre) q = q.Where(x => x.CentreId == centre);
        else if (scope.Centres is { } granted) q = q.Where(x => x.CentreId.IsOneOf(granted.ToArray()));
        if (query.Queue == QueueName.Votes)
        {
            var reader = scope.Actor;
            q = q.Where(x => !x.Voters.Contains(reader));
            var excluded = (await ClaimItem.ClaimedByOthersAsync(session, reader, clock.GetUtcNow(), ct)).Concat(query.Skip).Distinct().ToArray();
            if (excluded.Length > 0) q = q.Where(x => !x.Id.IsOneOf(excluded));
        }

        var items = await q.Stats(out var stats)
            .OrderByDescending(x => x.Priority).ThenBy(x => x.UpdatedAt).ThenBy(x => x.Id)
            .Skip((page - 1) * size).Take(size)
            .ToListAsync(ct);
        return (new ReviewQueuePage(items, stats.TotalResults, page, size), null);
    }
}
