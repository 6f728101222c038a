using EndoKED.Pipeline.Infrastructure.Messaging;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace EndoKED.Portal.Infrastructure.Live;

/// <summary>
/// Several portal instances behind a load balancer share hub groups through a Redis backplane (EndoKED:SignalR:Redis);
/// one instance needs none, so the default adds nothing.
/// </summary>
public static class SignalRBackplane
{
    public static ISignalRServerBuilder AddEndoKedBackplane(this ISignalRServerBuilder signalR, SignalROptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis)) return signalR;
        // Parse now: a typo in the setting stops the start with a clear message instead of a silent single-node hub.
        var configuration = ConfigurationOptions.Parse(options.Redis);
        configuration.AbortOnConnectFail = false; // start even while Redis is still coming up; the client reconnects
        return signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration = configuration;
            o.Configuration.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix);
        });
    }
}
