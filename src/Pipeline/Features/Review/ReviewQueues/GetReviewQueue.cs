using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;
using Marten.Linq;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>
/// Which queue: items to vote on, items waiting for a Lead, or examinations whose report and frames disagree (a
/// voting queue of examinations, read from <see cref="CrossCheckItem"/>).
/// </summary>
public enum QueueName
{
    Votes,
    Adjudication,
    CrossCheck,
}

public sealed record ReviewQueueQuery(ReviewItemKind Kind, string? Centre, QueueName Queue, IReadOnlyList<Guid> Skip, int Page, int PageSize);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, long Total, int Page, int PageSize);

/// <summary>What every queue leaves out: other centres, the caller's own votes (voting queues), claims of others and skips.</summary>
public sealed record QueueFilter(string? Centre, IReadOnlySet<string>? Granted, string? Reader, Guid[] Excluded, int Page, int PageSize)
{
    public int Offset => (Page - 1) * PageSize;
}

/// <summary>
/// The next items for the caller, most useful first, paged on the server. The voting queues leave out items the caller
/// already voted on, items someone else has claimed, and the ones the caller skips (they come back once no longer
/// skipped). The adjudication queue is for Leads and Admins. The mask queue puts a new model's first proposals first
/// (<see cref="NewModelFirst"/>); the cross-check queue is <see cref="CrossCheckQueue"/>.
/// </summary>
public sealed class GetReviewQueue(IQuerySession session, TimeProvider clock, ReviewOptions options)
{
    public const int MaxPageSize = 100;

    public async Task<(ReviewQueuePage? Page, ReviewRefusal? Refusal)> HandleAsync(ReviewQueueQuery query, AccessScope scope, CancellationToken ct = default)
    {
        if (query.Queue == QueueName.Adjudication && !scope.IsLeadOrAdmin)
            return (null, new ReviewRefusal(RefusalKind.Forbidden, "The adjudication queue is for Leads and Admins; ask for queue=votes."));
        if (query.Queue == QueueName.CrossCheck && query.Kind != ReviewItemKind.Examination)
            return (null, new ReviewRefusal(RefusalKind.Invalid, "The cross-check queue holds examinations: ask for kind=crosscheck."));
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        if (query.Centre is { } c && !scope.CanSee(c)) return (new ReviewQueuePage([], 0, page, size), null);

        var voting = query.Queue != QueueName.Adjudication;
        var excluded = voting
            ? (await ClaimItem.ClaimedByOthersAsync(session, scope.Actor, clock.GetUtcNow(), ct)).Concat(query.Skip).Distinct().ToArray()
            : [];
        var filter = new QueueFilter(query.Centre, scope.Centres, voting ? scope.Actor : null, excluded, page, size);

        var (items, total) = query.Queue switch
        {
            QueueName.CrossCheck => await CrossCheckQueue.PageAsync(session, options, filter, ct),
            QueueName.Votes when query.Kind == ReviewItemKind.Image => await NewModelFirst.PageAsync(session, options, Items(query.Kind, ReviewStage.Voting, filter), filter, ct),
            _ => await OrderedPageAsync(Items(query.Kind, voting ? ReviewStage.Voting : ReviewStage.Adjudication, filter), filter.Offset, size, ct),
        };
        return (new ReviewQueuePage(items, total, page, size), null);
    }

    private IQueryable<ReviewQueueItem> Items(ReviewItemKind kind, ReviewStage stage, QueueFilter filter)
    {
        IQueryable<ReviewQueueItem> q = session.Query<ReviewQueueItem>().Where(x => x.Kind == kind && x.Open && x.Stage == stage);
        if (filter.Centre is { } centre) q = q.Where(x => x.CentreId == centre);
        else if (filter.Granted is { } granted) q = q.Where(x => x.CentreId.IsOneOf(granted.ToArray()));
        if (filter.Reader is { } reader) q = q.Where(x => !x.Voters.Contains(reader));
        if (filter.Excluded.Length > 0) q = q.Where(x => !x.Id.IsOneOf(filter.Excluded));
        return q;
    }

    /// <summary>One page in the usual order (most useful first), with the total of the whole query.</summary>
    private static async Task<(IReadOnlyList<ReviewQueueItem> Items, long Total)> OrderedPageAsync(
        IQueryable<ReviewQueueItem> q, int offset, int take, CancellationToken ct)
    {
        var items = await q.Stats(out var stats).InQueueOrder()
            .Skip(offset).Take(take)
            .ToListAsync(ct);
        return (items, stats.TotalResults);
    }
}
