using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.SignalR;

namespace EndoKED.Portal.Infrastructure.Live;

/// <summary>
/// <c>/hubs/live</c>: ledger changes for WebAssembly components and external clients (<c>endoked watch</c>). A connection
/// joins one group per granted centre (admins: all), so nobody is told about a centre they may not see.
/// </summary>
public sealed class LiveHub(CallerScopes scopes) : Hub
{
    public const string AllCentres = "all-centres";

    public static string CentreGroup(string centreId) => "centre:" + centreId;

    public override async Task OnConnectedAsync()
    {
        var scope = await scopes.ForAsync(Context.User);
        if (scope is null)
        {
            Context.Abort();
            return;
        }
        if (scope.SeesAll)
            await Groups.AddToGroupAsync(Context.ConnectionId, AllCentres);
        else
            foreach (var centre in scope.Centres!)
                await Groups.AddToGroupAsync(Context.ConnectionId, CentreGroup(centre));
        await base.OnConnectedAsync();
    }
}

/// <summary>
/// Relays the in-process notifier to the hub's groups for the life of the portal. Behind a shared backplane (several
/// portals) a group message reaches every portal's clients, so only the portal whose subscription produced a
/// notification relays it; without one, each portal tells its own clients.
/// </summary>
public sealed class LiveHubRelay(LiveNotifier notifier, IHubContext<LiveHub> hub, EndoKedOptions options) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sharedBackplane = !string.IsNullOrWhiteSpace(options.SignalR.Redis);
        _subscription = notifier.Subscribe(n =>
            hub.Clients.Groups(LiveHub.AllCentres, LiveHub.CentreGroup(n.CentreId)).SendAsync(LiveHubContract.Notification, n),
            originatedHereOnly: sharedBackplane);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
