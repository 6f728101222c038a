using EndoKED.Shared.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Centres;

/// <summary>Counts per centre, folded from the examination and image streams (no page load scans the store).</summary>
public sealed record CentreSummary
{
    public string Id { get; init; } = "";
    public int Examinations { get; init; }
    public int Frames { get; init; }
    public DateTimeOffset LastIngestAt { get; init; }
}

public sealed partial class CentreSummaryProjection : MultiStreamProjection<CentreSummary, string>
{
    public CentreSummaryProjection()
    {
        Identity<ExaminationIngested>(e => e.CentreId);
        Identity<ImageIngested>(e => e.CentreId);
    }

    // No Create: the first event of a centre may be either kind, and each Apply counts its own event.
    public static CentreSummary Apply(ExaminationIngested e, CentreSummary s) =>
        s with { Id = e.CentreId, Examinations = s.Examinations + 1, LastIngestAt = Max(s.LastIngestAt, e.At) };

    public static CentreSummary Apply(ImageIngested e, CentreSummary s) =>
        s with { Id = e.CentreId, Frames = s.Frames + 1, LastIngestAt = Max(s.LastIngestAt, e.At) };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

public sealed record CentreListItem(string CentreId, int Examinations, int Frames);

/// <summary>The centres the caller may see, with counts.</summary>
public sealed class ListCentres(IQuerySession session)
{
    public async Task<IReadOnlyList<CentreListItem>> HandleAsync(Infrastructure.Access.AccessScope scope, CancellationToken ct = default)
    {
        var all = await session.Query<CentreSummary>().OrderBy(x => x.Id).ToListAsync(ct);
        return all.Where(c => scope.CanSee(c.Id)).Select(c => new CentreListItem(c.Id, c.Examinations, c.Frames)).ToList();
    }
}

public static class CentresServices
{
    public static StoreOptions AddCentres(this StoreOptions store)
    {
        store.Projections.Add<CentreSummaryProjection>(ProjectionLifecycle.Inline);
        return store;
    }
}
