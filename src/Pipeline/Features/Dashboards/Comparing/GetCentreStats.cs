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

/// <summary>
/// Every centre the caller leads, side by side; <c>null</c> for a caller who is not a Lead or an Admin. A caller who does
/// not see every centre also gets the <see cref="Network"/> band of the others (no names, no rows).
/// </summary>
public sealed record CentreStatsResult(DateTimeOffset GeneratedAt, IReadOnlyList<CentreStats> Centres)
{
    /// <summary>Which date put the records in their weeks.</summary>
    public WeekBasis Basis { get; init; }

    /// <summary>The centres the caller cannot see, as median and quartiles; null for a caller who sees them all.</summary>
    public NetworkBand? Network { get; init; }
}

/// <summary>
/// The dashboards' query. Reads only projection documents (the weekly counters) and the agreement figures (in the
/// portal a snapshot at most <see cref="DashboardOptions.AgreementMaxAge"/> old), never the event store, so its cost
/// grows with centres × weeks, not with events or reviewed items.
/// </summary>
public sealed class GetCentreStats(IQuerySession session, IAgreementSource agreement, DashboardOptions options, TimeProvider clock)
{
    public async Task<CentreStatsResult?> HandleAsync(AccessScope scope, CancellationToken ct = default) =>
        await HandleAsync(scope, WeekBasis.Examination, ct);

    /// <param name="basis">Weeks of the examinations' dates (the default) or of each event's own time.</param>
    public async Task<CentreStatsResult?> HandleAsync(AccessScope scope, WeekBasis basis, CancellationToken ct = default)
    {
        if (!scope.IsLeadOrAdmin) return null;
        // Centres × weeks documents: few enough to read whole and scope here (the document carries the centre).
        var docs = await session.Query<CentreWeekStats>().Where(d => d.Basis == basis).ToListAsync(ct);
        // Every centre's agreement, for the band of the others; only the caller's centres leave this method by name.
        var agreements = (await agreement.HandleAsync(AccessScope.All(scope.Actor), null, ct)).ToDictionary(a => a.CentreId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var byCentre = docs.GroupBy(d => d.CentreId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<WeekFigures>)[.. g.Select(WeekFigures.Of).OrderBy(w => w.WeekStart)], StringComparer.Ordinal);
        var centres = byCentre.Where(kv => scope.CanSee(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Build(kv.Key, kv.Value, agreements.GetValueOrDefault(kv.Key), today))
            .ToList();
        var others = byCentre.Where(kv => !scope.CanSee(kv.Key))
            .Select(kv => (kv.Value, WeekFigures.Sum(kv.Value), agreements.GetValueOrDefault(kv.Key))).ToList();
        var network = scope.SeesAll || others.Count == 0 ? null : NetworkBand.Of(others);
        return new CentreStatsResult(now, centres) { Basis = basis, Network = network };
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
