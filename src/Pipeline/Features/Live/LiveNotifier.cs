using EndoKED.Shared.Live;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>
/// The in-process fan-out of ledger changes. Server components subscribe (and dispose their subscription); the portal's
/// hub relays the same notifications to its connected clients, filtered by centre.
/// </summary>
public sealed class LiveNotifier
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = new([]);

    public IDisposable Subscribe(Func<LiveNotification, Task> handler)
    {
        lock (_gate) _subscribers = new([.. _subscribers.Handlers, handler]);
        return new Unsubscriber(this, handler);
    }

    public async Task PublishAsync(IReadOnlyList<LiveNotification> notifications)
    {
        var handlers = _subscribers.Handlers;
        foreach (var n in notifications)
            foreach (var h in handlers)
            {
                try { await h(n); }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or TaskCanceledException)
                {
                    // A subscriber that went away (a closed circuit) must not stop the others.
                }
            }
    }

    private void Remove(Func<LiveNotification, Task> handler)
    {
        lock (_gate) _subscribers = new([.. _subscribers.Handlers.Where(h => h != handler)]);
    }

    private sealed record ImmutableSubscribers(IReadOnlyList<Func<LiveNotification, Task>> Handlers);

    private sealed class Unsubscriber(LiveNotifier owner, Func<LiveNotification, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
