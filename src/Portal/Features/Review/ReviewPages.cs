using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Ledger;
using JasperFx.Events.Daemon;
using EndoKED.Portal.Features.Review.Presence;

namespace EndoKED.Portal.Features.Review;

public static class ReviewPages
{
    /// <summary>
    /// The review pages' services: who has an item open (process-wide; with several portals, relayed between them) and
    /// each reader's pass (per circuit).
    /// </summary>
    public static IServiceCollection AddReviewPages(this IServiceCollection services, EndoKedOptions options)
    {
        services.AddSingleton<PresenceTracker>().AddScoped<ReviewSession>();
        if (ProjectionDaemon.ModeOf(options) == DaemonMode.HotCold)
        {
            services.AddSingleton(new PresenceRelayOptions()).AddSingleton<PostgresPresenceRelay>()
                .AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresPresenceRelay>());
        }
        return services;
    }
}
