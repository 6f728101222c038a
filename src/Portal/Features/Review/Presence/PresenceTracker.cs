namespace EndoKED.Portal.Features.Review.Presence;

/// <summary>
/// Who has a review item open, for the "also here" chips. In process: every Blazor Server circuit lives in the portal
/// process, so a singleton sees them all. Scaling the portal out to several processes would need the same through the
/// live hub and a SignalR backplane (JoinItem/LeaveItem hub methods broadcasting to the item's centre group).
/// Only pages that may see the item join it, so whoever is told of a presence may see the item too.
/// </summary>
public sealed class PresenceTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<Visit>> _visits = [];
    private readonly Dictionary<Guid, List<Func<Task>>> _watchers = [];

    /// <summary>Marks <paramref name="user"/> as looking at the item until the returned handle is disposed.</summary>
    public IDisposable Join(Guid itemId, string user)
    {
        var visit = new Visit(user);
        lock (_gate)
        {
            if (!_visits.TryGetValue(itemId, out var list)) _visits[itemId] = list = [];
            list.Add(visit);
        }

        Notify(itemId);
        return new Handle(() =>
        {
            lock (_gate)
            {
                if (_visits.TryGetValue(itemId, out var list) && list.Remove(visit) && list.Count == 0) _visits.Remove(itemId);
            }

            Notify(itemId);
        });
    }

    /// <summary>The distinct users looking at the item now, in the order they came.</summary>
    public IReadOnlyList<string> Present(Guid itemId)
    {
        lock (_gate) return _visits.TryGetValue(itemId, out var list) ? [.. list.Select(v => v.User).Distinct(StringComparer.Ordinal)] : [];
    }

    /// <summary>Calls <paramref name="changed"/> whenever someone joins or leaves the item; dispose to stop.</summary>
    public IDisposable Watch(Guid itemId, Func<Task> changed)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(itemId, out var list)) _watchers[itemId] = list = [];
            list.Add(changed);
        }

        return new Handle(() =>
        {
            lock (_gate)
            {
                if (_watchers.TryGetValue(itemId, out var list) && list.Remove(changed) && list.Count == 0) _watchers.Remove(itemId);
            }
        });
    }

    private void Notify(Guid itemId)
    {
        Func<Task>[] watchers;
        lock (_gate) watchers = _watchers.TryGetValue(itemId, out var list) ? [.. list] : [];
        foreach (var w in watchers)
        {
            // Each watcher re-renders through its own InvokeAsync; a closed circuit must not stop the others.
            w().ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    private sealed record Visit(string User);

    private sealed class Handle(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
