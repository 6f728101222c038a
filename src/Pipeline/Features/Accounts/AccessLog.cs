using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Accounts;

public sealed record AccessLogQuery(string? UserId = null, Guid? ItemId = null, string? CentreId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50);

/// <summary>Who opened which record, when, from where: appended as events, searched by admins.</summary>
public sealed class AccessLog(IDocumentStore store, TimeProvider clock)
{
    public async Task RecordAsync(AccessScope who, string kind, Guid itemId, string centreId, string? remoteAddress, string via, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        // One stream per user and day keeps streams short and the records' own histories free of reads.
        var stream = StableIds.From("access", who.Actor, now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        session.Events.Append(stream, new ItemViewed(who.Actor, kind, itemId, centreId, remoteAddress, via, who.Actor, now));
        await session.SaveChangesAsync(ct);
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
        var items = await query.OrderByDescending(e => e.At).Skip((Math.Max(1, q.Page) - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }
}
