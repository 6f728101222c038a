using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Dashboards;

/// <summary>How the dashboards flag a centre that drifts from its own history.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboards";

    /// <summary>A week is flagged when its value lies more than K standard deviations from the mean of the earlier weeks.</summary>
    public double DriftK { get; set; } = 3;

    /// <summary>Fewer earlier weeks than this (with data for the metric) say nothing about drift.</summary>
    public int MinHistoryWeeks { get; set; } = 4;

    /// <summary>The smallest spread assumed, so that a perfectly flat history does not flag every tiny change.</summary>
    public double MinSpread { get; set; } = 0.02;

    /// <summary>
    /// How old the dashboards' agreement figures may be. Agreement reads every reviewed item (and compares masks), which
    /// grows with the archive, so the dashboards read a snapshot that one background refresh at a time renews when it is
    /// older than this; the agreement API (<c>/api/stats/agreement</c>) always computes afresh.
    /// </summary>
    public TimeSpan AgreementMaxAge { get; set; } = TimeSpan.FromSeconds(60);
}

public static class DashboardsServices
{
    /// <summary>The per-centre-per-week counters, kept by the async daemon (the portal runs it).</summary>
    public static StoreOptions AddDashboards(this StoreOptions store)
    {
        store.Projections.Add<CentreWeekStatsProjection>(ProjectionLifecycle.Async);
        store.Projections.Add<ComparingRounds.ProposerStatsProjection>(ProjectionLifecycle.Async);
        return store;
    }

    public static IServiceCollection AddDashboards(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new DashboardOptions();
        configuration.GetSection(DashboardOptions.Section).Bind(options);
        return services.AddSingleton(options).AddSingleton<Comparing.AgreementSnapshot>()
            .AddScoped<GetCentreStats>(sp => new GetCentreStats(sp.GetRequiredService<Marten.IQuerySession>(),
                sp.GetRequiredService<Comparing.AgreementSnapshot>(), options, sp.GetRequiredService<TimeProvider>()))
            .AddScoped<ComparingRounds.GetRounds>();
    }
}
