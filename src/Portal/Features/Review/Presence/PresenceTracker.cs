namespace EndoKED.Portal.Features.Review.Presence;

/// <summary>
/// Who has a review item open, for the "also here" chips. This portal's circuits join and leave here; with several
/// portals (DaemonMode HotCold) <see cref="PostgresPresenceRelay"/> tells the others of each change and feeds theirs in
/// through <see cref="ApplyRemote"/>, each other portal's entries expiring unless its heartbeat renews them.
/// Only pages that may see the item join it, and presence is only shown on an item's page, so whoever is told of a
/// presence may see the item too.
/// </summary>
public sealed class PresenceTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<Visit>> _visits = [];
    private readonly Dictionary<Guid, List<Func<Task>>> _watchers = [];
    private readonly Dictionary<Guid, Dictionary<Guid, RemoteVisit>> _remote = [];

    /// <summary>Called with the item after each local join or leave (the relay sends the item's local users on).</summary>
    public Action<Guid>? LocalChanged { get; set; }

    /// <summary>Marks <paramref name="user"/> as looking at the item until the returned handle is disposed.</summary>
    public IDisposable Join(Guid itemId, string user)
    {
        var visit = new Visit(user);
        lock (_gate)
        {
            if (!_visits.TryGetValue(itemId, out var list)) _visits[itemId] = list = [];
            list.Add(visit);
        }

        Changed(itemId);
        return new Handle(() =>
        {
            lock (_gate)
            {
                if (_visits.TryGetValue(itemId, out var list) && list.Remove(visit) && list.Count == 0) _visits.Remove(itemId);
            }

            Changed(itemId);
        });
    }

    /// <summary>The distinct users looking at the item now: this portal's in the order they came, then other portals'.</summary>
    public IReadOnlyList<string> Present(Guid itemId)
    {
        lock (_gate)
        {
            var local = _visits.TryGetValue(itemId, out var list) ? Users(list) : [];
            var remote = _remote.TryGetValue(itemId, out var nodes) ? nodes.Values.OrderBy(v => v.Since).SelectMany(v => v.Users) : [];
            return [.. local.Concat(remote).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>This portal's own visitors per item (what the relay sends to the other portals).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<string>> LocalSnapshot()
    {
        lock (_gate) return _visits.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. Users(kv.Value)]);
    }

    /// <summary>This portal's visitors of one item.</summary>
    public IReadOnlyList<string> LocalUsers(Guid itemId)
    {
        lock (_gate) return _visits.TryGetValue(itemId, out var list) ? [.. Users(list)] : [];
    }

    /// <summary>Another portal's visitors of an item as of <paramref name="at"/> (none: it has left); pages showing it re-render when it changed.</summary>
    public void ApplyRemote(Guid node, Guid itemId, IReadOnlyList<string> users, DateTimeOffset at)
    {
        bool changed;
        lock (_gate)
        {
            if (!_remote.TryGetValue(itemId, out var nodes)) _remote[itemId] = nodes = [];
            var before = nodes.TryGetValue(node, out var old) ? old.Users : [];
            changed = !before.SequenceEqual(users);
            if (users.Count == 0)
            {
                nodes.Remove(node);
                if (nodes.Count == 0) _remote.Remove(itemId);
            }
            else
                nodes[node] = new RemoteVisit([.. users], old?.Since ?? at, at);
        }
        if (changed) Notify(itemId);
    }

    /// <summary>Forgets other portals' entries not renewed since <paramref name="before"/> (a portal that stopped or lost its connection).</summary>
    public void ExpireRemote(DateTimeOffset before)
    {
        List<Guid> touched = [];
        lock (_gate)
        {
            foreach (var (item, nodes) in _remote)
            {
                var stale = nodes.Where(n => n.Value.Seen < before).Select(n => n.Key).ToList();
                foreach (var node in stale) nodes.Remove(node);
                if (stale.Count > 0) touched.Add(item);
            }
            foreach (var item in touched.Where(i => _remote[i].Count == 0)) _remote.Remove(item);
        }
        foreach (var item in touched) Notify(item);
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

    /// <summary>Each user once, in the order they came (one user may have the item open in two tabs).</summary>
    private static IEnumerable<string> Users(List<Visit> visits) => visits.Select(v => v.User).Distinct(StringComparer.Ordinal);

    private void Changed(Guid itemId)
    {
        LocalChanged?.Invoke(itemId);
        Notify(itemId);
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

    private sealed record RemoteVisit(string[] Users, DateTimeOffset Since, DateTimeOffset Seen);

    private sealed class Handle(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
