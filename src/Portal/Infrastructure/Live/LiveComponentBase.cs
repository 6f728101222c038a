using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Infrastructure.Live;

/// <summary>
/// A page that follows the ledger: it reloads and re-renders (through <c>InvokeAsync</c>) when a change it shows is
/// notified, and drops its subscription when the page goes.
/// </summary>
public abstract class LiveComponentBase : ScopedComponentBase, IDisposable
{
    [Inject] private LiveNotifier Notifier { get; set; } = default!;

    private IDisposable? _live;

    /// <summary>From now on (once, however often it is called), runs <paramref name="load"/> on each notification <paramref name="concerns"/> accepts.</summary>
    protected void ReloadOn(Func<LiveNotification, bool> concerns, Func<Task> load) =>
        _live ??= Notifier.Subscribe(n => concerns(n) ? InvokeAsync(async () => { await load(); StateHasChanged(); }) : Task.CompletedTask);

    /// <summary>As above, with the load chosen per notification (null: nothing to reload for it).</summary>
    protected void ReloadOn(Func<LiveNotification, Func<Task>?> loadFor) =>
        _live ??= Notifier.Subscribe(n => loadFor(n) is { } load ? InvokeAsync(async () => { await load(); StateHasChanged(); }) : Task.CompletedTask);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _live?.Dispose();
    }
}
