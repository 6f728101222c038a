using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Exporting;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.Dashboards;

/// <summary>
/// <c>GET /api/stats/centres</c> (shared/contracts/api.md), its CSV export and <c>GET /api/stats/rounds</c> (self-training rounds). Leads see their centres, admins all;
/// anyone else gets 403. Both read the projections only.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stats").WithCallerScope();

        // ?weeks=ingest: weeks of each event's own time; by default weeks of the examinations' dates.
        api.MapGet("/centres", async (GetCentreStats query, Caller caller, string? weeks, CancellationToken ct) =>
            await query.HandleAsync(caller.Scope, Basis(weeks), ct) is { } result ? Results.Ok(result) : Forbidden());

        api.MapGet("/centres.csv", async (GetCentreStats query, Caller caller, string? weeks, CancellationToken ct) =>
            await query.HandleAsync(caller.Scope, Basis(weeks), ct) is { } result
                ? Results.Text(CentreStatsCsv.Write(result), "text/csv; charset=utf-8")
                : Forbidden());

        api.MapGet("/rounds", async (Pipeline.Features.Dashboards.ComparingRounds.GetRounds query, Caller caller, CancellationToken ct) =>
            await query.HandleAsync(caller.Scope, ct) is { } rows ? Results.Ok(rows) : Forbidden());
        return app;
    }

    private static WeekBasis Basis(string? weeks) =>
        string.Equals(weeks, "ingest", StringComparison.OrdinalIgnoreCase) ? WeekBasis.Ingest : WeekBasis.Examination;

    private static IResult Forbidden() => Results.Problem(statusCode: 403, title: "Leads and admins only",
        detail: "The centre dashboards are for Leads (of their centres) and Admins: ask an admin for a Lead grant.");
}
