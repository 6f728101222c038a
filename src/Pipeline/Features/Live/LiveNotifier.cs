using EndoKED.Shared.Live;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>
/// The in-process fan-out of ledger changes. Server components subscribe (and dispose their subscription); the portal's
/// hub relays the same notifications to its connected clients, filtered by centre. With several portals the
/// notifications reach every portal (<see cref="PostgresLiveFanOut"/>); <c>originatedHere</c> tells the one whose
/// subscription produced them, so a relay behind a shared backplane sends each once.
/// </summary>
public sealed class LiveNotifier
{
    private readonly Lock _gate = new();
    private IReadOnlyList<Subscriber> _subscribers = [];

    public IDisposable Subscribe(Func<LiveNotification, Task> handler) => Subscribe(handler, originatedHereOnly: false);

    /// <param name="originatedHereOnly">Only notifications this process's own subscription produced.</param>
    public IDisposable Subscribe(Func<LiveNotification, Task> handler, bool originatedHereOnly)
    {
        var subscriber = new Subscriber(handler, originatedHereOnly);
        lock (_gate) _subscribers = [.. _subscribers, subscriber];
        return new Unsubscriber(this, subscriber);
    }

    public Task PublishAsync(IReadOnlyList<LiveNotification> notifications) => PublishAsync(notifications, originatedHere: true);

    public async Task PublishAsync(IReadOnlyList<LiveNotification> notifications, bool originatedHere)
    {
        var subscribers = _subscribers;
        foreach (var n in notifications)
            foreach (var s in subscribers)
            {
                if (s.OriginatedHereOnly && !originatedHere) continue;
                try { await s.Handler(n); }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or TaskCanceledException)
                {
                    // A subscriber that went away (a closed circuit) must not stop the others.
                }
            }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscriber)];
    }

    // A class, not a record: the same handler subscribed twice is two subscriptions, each removed by its own disposal.
    private sealed class Subscriber(Func<LiveNotification, Task> handler, bool originatedHereOnly)
    {
        public Func<LiveNotification, Task> Handler => handler;
        public bool OriginatedHereOnly => originatedHereOnly;
    }

    private sealed class Unsubscriber(LiveNotifier owner, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => owner.Remove(subscriber);
    }
}
