using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Shared.Records;
using Marten;
using Marten.Linq;

namespace EndoKED.Pipeline.Features.Review.CrossChecking;

/// <summary>
/// The cross-check queue: examinations still in voting whose report and frames disagree under the thresholds of
/// <see cref="ReviewOptions"/>, largest discrepancy first. Rows are the examinations' own queue items (fresh, inline),
/// with the finding and a priority of 100 × discrepancy.
/// </summary>
public static class CrossCheckQueue
{
    public static async Task<(IReadOnlyList<ReviewQueueItem> Items, long Total)> PageAsync(
        IQuerySession session, ReviewOptions options, QueueFilter filter, CancellationToken ct)
    {
        var below = options.CrossCheckPolypBelow;
        var from = options.CrossCheckNoPolypFrom;
        // The same rule as CrossCheckRule.Direction, stated for the database.
        IQueryable<CrossCheckItem> q = session.Query<CrossCheckItem>().Where(x => x.Stage == ReviewStage.Voting
            && ((x.Label == PolypLabel.Present && x.AllScored && x.MaxProbability < below)
                || (x.Label == PolypLabel.Absent && x.FramesScored > 0 && x.MaxProbability >= from)));
        if (filter.Centre is { } centre) q = q.Where(x => x.CentreId == centre);
        else if (filter.Granted is { } granted) q = q.Where(x => x.CentreId.IsOneOf(granted.ToArray()));
        if (filter.Reader is { } reader) q = q.Where(x => !x.Voters.Contains(reader));
        if (filter.Excluded.Length > 0) q = q.Where(x => !x.Id.IsOneOf(filter.Excluded));

        var page = await q.Stats(out var stats)
            .OrderByDescending(x => x.Discrepancy).ThenBy(x => x.UpdatedAt).ThenBy(x => x.Id)
            .Skip(filter.Offset).Take(filter.PageSize)
            .ToListAsync(ct);
        var labels = (await session.LoadManyAsync<ReviewQueueItem>(ct, page.Select(p => p.Id))).ToDictionary(i => i.Id);
        var rows = page.Select(c => (labels.GetValueOrDefault(c.Id) ?? Fallback(c)) with
        {
            Priority = Math.Round(100 * c.Discrepancy, 1),
            CrossCheck = CrossCheckRule.Finding(c, options),
        }).ToList();
        return (rows, stats.TotalResults);
    }

    private static ReviewQueueItem Fallback(CrossCheckItem c) => new()
    {
        Id = c.Id, Kind = ReviewItemKind.Examination, CentreId = c.CentreId, Open = true, Stage = c.Stage,
        ProposedLabel = c.Label, Voters = c.Voters, UpdatedAt = c.UpdatedAt,
    };
}
