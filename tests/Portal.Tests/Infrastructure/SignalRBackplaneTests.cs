using EndoKED.Pipeline.Infrastructure.Messaging;
using EndoKED.Portal.Infrastructure.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure;

/// <summary>Which hub lifetime manager the portal registers: Redis only when EndoKED:SignalR:Redis is set.</summary>
public sealed class SignalRBackplaneTests
{
    private static Type? LifetimeManager(SignalROptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignalR().AddEndoKedBackplane(options);
        return services.Last(d => d.ServiceType == typeof(HubLifetimeManager<>)).ImplementationType;
    }

    [Fact]
    public void Without_a_redis_setting_one_portal_keeps_the_in_process_hub()
    {
        Assert.Equal("DefaultHubLifetimeManager`1", LifetimeManager(new SignalROptions())!.Name);
    }

    [Fact]
    public void With_a_redis_setting_the_hub_uses_the_redis_backplane_without_connecting_at_registration()
    {
        Assert.Equal("RedisHubLifetimeManager`1", LifetimeManager(new SignalROptions { Redis = "redis:6379,password=x" })!.Name);
    }
}
