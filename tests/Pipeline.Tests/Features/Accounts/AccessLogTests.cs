using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Infrastructure.Access;
using Microsoft.Extensions.Time.Testing;

namespace EndoKED.Pipeline.Tests.Features.Accounts;

/// <summary>The access log coalesces one user's views of one item within a minute, so a gallery does not flood it.</summary>
public class AccessLogTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 10, TimeSpan.Zero));

    private async Task<IReadOnlyList<EndoKED.Shared.Events.ItemViewed>> EntriesOfAsync(string user) =>
        (await new AccessLog(ledger.Store, _clock).SearchAsync(new AccessLogQuery(UserId: user, PageSize: 500))).Items;

    [Fact]
    public async Task Views_of_one_item_by_one_user_within_a_minute_are_one_entry_and_the_next_minute_writes_another()
    {
        var log = new AccessLog(ledger.Store, _clock);
        var reader = AccessScope.ForCentres("coalesce-reader", "centre-a");
        var item = Guid.NewGuid();
        var other = Guid.NewGuid();

        foreach (var kind in new[] { "review", "image-file", "image-mask", "thumbnail", "label", "mask-diff", "review" })
            await log.RecordAsync(reader, kind, item, "centre-a", "10.0.0.1", "api");
        await log.RecordAsync(reader, "thumbnail", other, "centre-a", "10.0.0.1", "api");
        await log.RecordAsync(AccessScope.ForCentres("coalesce-other", "centre-a"), "review", item, "centre-a", null, "review");
        _clock.Advance(TimeSpan.FromSeconds(45)); // 09:00:55: the same minute
        await log.RecordAsync(reader, "label", item, "centre-a", "10.0.0.1", "api");

        var entries = await EntriesOfAsync("coalesce-reader");
        Assert.Equal(2, entries.Count);
        Assert.Equal("review", Assert.Single(entries, e => e.ItemId == item).Kind); // the first view of the minute
        Assert.Single(await EntriesOfAsync("coalesce-other"));

        _clock.Advance(TimeSpan.FromSeconds(10)); // 09:01:05: a new minute
        await log.RecordAsync(reader, "mask-diff", item, "centre-a", "10.0.0.1", "api");
        entries = await EntriesOfAsync("coalesce-reader");
        Assert.Equal(2, entries.Count(e => e.ItemId == item));
        Assert.Contains(entries, e => e.ItemId == item && e.Kind == "mask-diff" && e.At == _clock.GetUtcNow());
    }

    [Fact]
    public async Task A_gallery_of_fifty_thumbnails_asked_for_at_once_three_times_is_fifty_entries_without_a_lost_race()
    {
        var log = new AccessLog(ledger.Store, _clock);
        var reader = AccessScope.ForCentres("gallery-reader", "centre-a");
        var frames = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();

        // As a browser over HTTP/2 asks: every thumbnail at once, then the page reloaded twice.
        for (var load = 0; load < 3; load++)
            await Task.WhenAll(frames.Select(f => log.RecordAsync(reader, "thumbnail", f, "centre-a", "10.0.0.2", "api")));

        var entries = await EntriesOfAsync("gallery-reader");
        Assert.Equal(50, entries.Count);
        Assert.Equal(frames.Order(), entries.Select(e => e.ItemId).Order());
    }
}
