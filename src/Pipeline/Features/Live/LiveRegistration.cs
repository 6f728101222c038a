using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Live;

public static class LiveRegistration
{
    /// <summary>
    /// The notifier and the subscription behind it, run by Marten's async daemon. Solo mode: on a single machine the
    /// portal runs it; several portal instances need the SignalR backplane (scale-out issue) and one daemon node.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddLive(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IServiceCollection services)
    {
        services.AddSingleton<LiveNotifier>();
        return marten.AddSubscriptionWithServices<LiveNotificationsSubscription>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.Solo);
    }
}
