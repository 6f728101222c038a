using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>One centre on the dashboards: totals, the weekly series, agreement, drift flags and reader throughput.</summary>
public sealed record CentreStats(
    string CentreId,
    WeekFigures Totals,
    IReadOnlyList<WeekFigures> Weeks,
    CentreAgreement? Agreement,
    IReadOnlyList<DriftFlag> Drift,
    IReadOnlyList<ReaderThroughput> Readers);

/// <summary>A reader's votes at a centre: in all, and per week on average over the weeks they voted.</summary>
public sealed record ReaderThroughput(string Reader, int Votes, int ActiveWeeks, double VotesPerActiveWeek);

/// <summary>Every centre the caller leads, side by side; <c>null</c> for a caller who is not a Lead or an Admin.</summary>
public sealed record CentreStatsResult(DateTimeOffset GeneratedAt, IReadOnlyList<CentreStats> Centres);

/// <summary>
/// The dashboards' query. Reads only projection documents (the weekly counters) and the agreement figures (in the
/// portal a snapshot at most <see cref="DashboardOptions.AgreementMaxAge"/> old), never the event store, so its cost
/// grows with centres × weeks, not with events or reviewed items.
/// </summary>
public sealed class GetCentreStats(IQuerySession session, IAgreementSource agreement, DashboardOptions options, TimeProvider clock)
{
    public async Task<CentreStatsResult?> HandleAsync(AccessScope scope, CancellationToken ct = default)
    {
        if (!scope.IsLeadOrAdmin) return null;
        // Centres × weeks documents: few enough to read whole and scope here (the id carries the centre).
        var docs = await session.Query<CentreWeekStats>().ToListAsync(ct);
        var agreements = (await agreement.HandleAsync(scope, null, ct)).ToDictionary(a => a.CentreId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var centres = docs
            .GroupBy(d => CentreWeek.CentreOf(d.Id), StringComparer.Ordinal)
            .Where(g => scope.CanSee(g.Key))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Build(g.Key, [.. g.Select(WeekFigures.Of).OrderBy(w => w.WeekStart)], agreements.GetValueOrDefault(g.Key), today))
            .ToList();
        return new CentreStatsResult(now, centres);
    }

    private CentreStats Build(string centre, IReadOnlyList<WeekFigures> weeks, CentreAgreement? agreement, DateOnly today)
    {
        var readers = weeks.SelectMany(w => w.ReaderVotes.Select(kv => (Reader: kv.Key, Votes: kv.Value)))
            .GroupBy(x => x.Reader, StringComparer.Ordinal)
            .Select(g => new ReaderThroughput(g.Key, g.Sum(x => x.Votes), g.Count(), (double)g.Sum(x => x.Votes) / g.Count()))
            .OrderByDescending(r => r.Votes).ThenBy(r => r.Reader, StringComparer.Ordinal)
            .ToList();
        return new CentreStats(centre, WeekFigures.Sum(weeks), weeks, agreement, DriftDetector.Detect(weeks, today, options), readers);
    }
}
