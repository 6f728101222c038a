using EndoKED.Pipeline.Infrastructure;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndoKED.Pipeline.Features.Live;

public static class LiveRegistration
{
    /// <summary>
    /// The notifier, the subscription behind it and Marten's async daemon (which also runs the dashboards' projection).
    /// Solo: this portal runs them and tells its own pages. HotCold: one elected portal runs them (another takes over
    /// when it dies) and every portal hears the notifications through PostgreSQL (<see cref="PostgresLiveFanOut"/>).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddLive(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IServiceCollection services, EndoKedOptions options)
    {
        services.AddSingleton<LiveNotifier>();
        var hotCold = string.Equals(options.DaemonMode, DaemonModes.HotCold, StringComparison.OrdinalIgnoreCase);
        if (hotCold)
        {
            services.AddSingleton<PostgresLiveFanOut>();
            services.AddSingleton<ILiveBroadcast>(sp => sp.GetRequiredService<PostgresLiveFanOut>());
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresLiveFanOut>());
        }
        else if (!string.Equals(options.DaemonMode, DaemonModes.Solo, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"EndoKED:DaemonMode '{options.DaemonMode}' is not known: use {DaemonModes.Solo} (one portal) or {DaemonModes.HotCold} (several).");
        else
            services.AddSingleton<ILiveBroadcast, InProcessLiveBroadcast>();
        return marten.AddSubscriptionWithServices<LiveNotificationsSubscription>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(hotCold ? DaemonMode.HotCold : DaemonMode.Solo);
    }
}
