using System.Collections.Concurrent;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Accounts;

public sealed record AccessLogQuery(string? UserId = null, Guid? ItemId = null, string? CentreId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50);

/// <summary>
/// Who opened which record, when, from where: appended as events, searched by admins. Views are coalesced per user, item
/// and minute (in this process): the first view of an item in a minute is recorded, so a gallery of thumbnails is one
/// entry per frame, and a page, its picture, its mask and its history opened together are one entry, not a flood.
/// </summary>
public sealed class AccessLog(IDocumentStore store, TimeProvider clock)
{
    /// <summary>The span within which one user's views of one item are one entry.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Actor, Guid Item), long> _recorded = new();
    private long _prunedWindow;

    // One user's views go to one stream: appending them one at a time here saves the retries of a lost race (a gallery
    // asks for its thumbnails at once). Striped so that different users do not wait for each other.
    private readonly SemaphoreSlim[] _writers = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task RecordAsync(AccessScope who, string kind, Guid itemId, string centreId, string? remoteAddress, string via, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var window = now.UtcTicks / CoalesceWindow.Ticks;
        var key = (who.Actor, itemId);
        if (!Claim(key, window)) return; // claimed before the write, so the requests of one page write once
        Prune(window);

        var writer = _writers[(who.Actor.GetHashCode() & int.MaxValue) % _writers.Length];
        await writer.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            // One stream per user and day keeps streams short and the records' own histories free of reads.
            var stream = StableIds.From("access", who.Actor, now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            session.Events.Append(stream, new ItemViewed(who.Actor, kind, itemId, centreId, remoteAddress, via, who.Actor, now));
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            _recorded.TryRemove(KeyValuePair.Create(key, window)); // not written: the retry (or the next view) writes it
            throw;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>
    /// Takes the (user, item) key for this window, atomically: of requests arriving together (a gallery's thumbnails),
    /// exactly one gets true. A read-then-write let ten parallel requests all see the key free and write ten entries.
    /// </summary>
    private bool Claim((string Actor, Guid Item) key, long window)
    {
        while (true)
        {
            if (_recorded.TryAdd(key, window)) return true;
            if (!_recorded.TryGetValue(key, out var last)) continue; // pruned meanwhile: try to add again
            if (last == window) return false;
            if (_recorded.TryUpdate(key, window, last)) return true;
        }
    }

    /// <summary>Once a window has passed, the claims of the windows before it can go (the map holds a minute of views).</summary>
    private void Prune(long window)
    {
        var pruned = Interlocked.Read(ref _prunedWindow);
        if (pruned >= window || Interlocked.CompareExchange(ref _prunedWindow, window, pruned) != pruned) return;
        foreach (var old in _recorded.Where(e => e.Value < window)) _recorded.TryRemove(old);
    }

    public async Task<(IReadOnlyList<ItemViewed> Items, int Total)> SearchAsync(AccessLogQuery q, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        IQueryable<ItemViewed> query = session.Events.QueryRawEventDataOnly<ItemViewed>();
        if (!string.IsNullOrWhiteSpace(q.UserId)) query = query.Where(e => e.UserId == q.UserId);
        if (q.ItemId is { } item) query = query.Where(e => e.ItemId == item);
        if (!string.IsNullOrWhiteSpace(q.CentreId)) query = query.Where(e => e.CentreId == q.CentreId);
        if (q.From is { } from) query = query.Where(e => e.At >= from);
        if (q.To is { } to) query = query.Where(e => e.At <= to);
        var total = await query.CountAsync(ct);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var page = Math.Clamp(q.Page, 1, 1_000_000); // (page - 1) × size stays an int
        var items = await query.OrderByDescending(e => e.At).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }
}
