using Marten;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>
/// The mask queue audits a new model early: masks proposed by a refiner version that has fewer than
/// <see cref="ReviewOptions.NewModelReviews"/> final labels so far come first (in quality order among themselves),
/// then every other mask in quality order. Paged across the two parts on the server.
/// </summary>
public static class NewModelFirst
{
    public static async Task<(IReadOnlyList<ReviewQueueItem> Items, long Total)> PageAsync(
        IQuerySession session, ReviewOptions options, IQueryable<ReviewQueueItem> q, QueueFilter filter, CancellationToken ct)
    {
        var audited = (await session.Query<ModelReviewTally>()
            .Where(t => t.Reviewed >= options.NewModelReviews).Select(t => t.Id).ToListAsync(ct)).ToArray();
        var fresh = audited.Length == 0
            ? q.Where(x => x.ProposedBy != null)
            : q.Where(x => x.ProposedBy != null && !x.ProposedBy.IsOneOf(audited));
        var rest = audited.Length == 0
            ? q.Where(x => x.ProposedBy == null)
            : q.Where(x => x.ProposedBy == null || x.ProposedBy.IsOneOf(audited));

        // Counted first: Marten's query statistics would stick to queries built from the same root afterwards.
        var freshTotal = await fresh.CountAsync(ct);
        var restTotal = await rest.CountAsync(ct);
        IReadOnlyList<ReviewQueueItem> first = filter.Offset < freshTotal
            ? await fresh.InQueueOrder().Skip(filter.Offset).Take(filter.PageSize).ToListAsync(ct)
            : [];
        IReadOnlyList<ReviewQueueItem> then = first.Count < filter.PageSize && restTotal > 0
            ? await rest.InQueueOrder().Skip(Math.Max(0, filter.Offset - freshTotal)).Take(filter.PageSize - first.Count).ToListAsync(ct)
            : [];
        return ([.. first.Select(i => i with { NewModel = i.ProposedBy }), .. then], freshTotal + restTotal);
    }
}
