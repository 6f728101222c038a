using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Accounts;

public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new AccountOptions();
        configuration.GetSection(AccountOptions.Section).Bind(options);
        return services.AddSingleton(options)
            .AddSingleton<Accounts>()
            .AddSingleton<AccountAdministration>()
            .AddSingleton<ApiSessions>()
            .AddSingleton<AccessLog>();
    }

    public static StoreOptions AddAccounts(this StoreOptions store)
    {
        store.Schema.For<UserAccount>();
        store.Schema.For<ApiSession>().Index(x => x.UserId);
        store.Events.AddEventType<Shared.Events.ItemViewed>();
        return store;
    }
}
