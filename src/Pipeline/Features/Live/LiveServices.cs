using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Ledger;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndoKED.Pipeline.Features.Live;

public static class LiveServices
{
    /// <summary>
    /// The notifier and the subscription behind it (run by the async daemon, see <see cref="ProjectionDaemon"/>).
    /// One portal tells its own pages; with several (HotCold) every portal hears the notifications through PostgreSQL
    /// (<see cref="PostgresLiveFanOut"/>).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddLive(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IServiceCollection services, EndoKedOptions options)
    {
        services.AddSingleton<LiveNotifier>();
        if (ProjectionDaemon.ModeOf(options) == DaemonMode.HotCold)
        {
            services.AddSingleton<PostgresLiveFanOut>();
            services.AddSingleton<ILiveBroadcast>(sp => sp.GetRequiredService<PostgresLiveFanOut>());
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresLiveFanOut>());
        }
        else
            services.AddSingleton<ILiveBroadcast, InProcessLiveBroadcast>();
        return marten.AddSubscriptionWithServices<LiveNotificationsSubscription>(ServiceLifetime.Singleton);
    }
}
