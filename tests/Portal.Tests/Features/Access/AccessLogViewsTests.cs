using System.Net;
using Bunit;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations.Naming;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Portal.Features.Examinations.Naming;
using EndoKED.Portal.Tests.Infrastructure.Api;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Access;

/// <summary>
/// Issue #19: thumbnails, review reads, labels at a version and mask diffs were not in the access log though every view
/// should be; and the log named items by GUID. Each read is logged once per user, item and minute.
/// </summary>
[Collection(ApiCollection.Name)]
public class AccessLogViewsTests(ApiFixture fixture)
{
    private async Task<IReadOnlyList<ItemViewed>> LoggedAsync(string user) =>
        (await fixture.Portal.Services.GetRequiredService<AccessLog>().SearchAsync(new AccessLogQuery(UserId: user))).Items;

    private async Task<(long From, long To)> TwoMasksAsync()
    {
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        MaskProposed Square(int size, string by) => new(fixture.Image, fixture.Exam, "centre-a", by, "1", $"{by}:1", new FrameBox(8, 8, 8 + size, 8 + size),
            BinaryMask.FromPredicate(64, 48, (x, y) => x >= 8 && x < 8 + size && y >= 8 && y < 8 + size).ToEventMask(), 0.4, null, $"{by}:1", DateTimeOffset.UtcNow);
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(fixture.Image, Square(10, "sam"), Square(20, "student"));
            await session.SaveChangesAsync();
        }
        await using var read = store.QuerySession();
        var masks = (await read.Events.FetchStreamAsync(fixture.Image)).Where(e => e.Data is MaskProposed).Select(e => e.Version).ToList();
        return (masks[^2], masks[^1]);
    }

    [Fact]
    public async Task Thumbnail_review_label_at_a_version_and_mask_diff_reads_are_each_in_the_access_log()
    {
        var (from, to) = await TwoMasksAsync();
        var reads = new (string User, string Url, string Kind, Guid Item)[]
        {
            ("viewlog-thumb", $"/api/images/{fixture.Image}/thumbnail", "thumbnail", fixture.Image),
            ("viewlog-review", $"/api/items/examination/{fixture.Exam}/review", "review", fixture.Exam),
            ("viewlog-label", $"/api/items/examination/{fixture.Exam}/label?version=1", "label", fixture.Exam),
            ("viewlog-diff", $"/api/items/image/{fixture.Image}/mask-diff?from={from}&to={to}", "mask-diff", fixture.Image),
        };
        foreach (var (user, url, kind, item) in reads)
        {
            var http = await fixture.BearerClientAsync(user, Role.Clinician, "centre-a");
            var response = await http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

            var entry = Assert.Single(await LoggedAsync(user));
            Assert.Equal((kind, item, "centre-a", "api"), (entry.Kind, entry.ItemId, entry.CentreId, entry.Via));
        }
    }

    [Fact]
    public async Task A_frame_read_as_thumbnail_file_and_mask_over_and_over_in_a_minute_is_one_entry()
    {
        await TwoMasksAsync();
        var http = await fixture.BearerClientAsync("viewlog-gallery", Role.Clinician, "centre-a");
        var urls = Enumerable.Repeat($"/api/images/{fixture.Image}/thumbnail", 10)
            .Append($"/api/images/{fixture.Image}/file").Append($"/api/images/{fixture.Image}/mask?overlay=true").Append($"/api/images/{fixture.Image}");
        var answers = await Task.WhenAll(urls.Select(u => http.GetAsync(u)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        var entry = Assert.Single(await LoggedAsync("viewlog-gallery"));
        Assert.Equal(fixture.Image, entry.ItemId);
    }

    [Fact]
    public async Task Log_rows_name_the_examination_and_the_frame_with_links_to_their_pages_not_guids()
    {
        var stranger = Guid.NewGuid();
        IReadOnlyDictionary<Guid, ItemName> names;
        await using (var scope = fixture.Portal.Services.CreateAsyncScope())
            names = await scope.ServiceProvider.GetRequiredService<GetItemNames>().HandleAsync([fixture.Exam, fixture.Image, stranger]);
        Assert.False(names.ContainsKey(stranger));

        await using var ctx = new BunitContext();
        foreach (var (id, text, href) in new[] { (fixture.Exam, "exam-fuzz", $"/examinations/{fixture.Exam}"), (fixture.Image, "exam-fuzz / f.png", $"/frames/{fixture.Image}") })
        {
            var cell = ctx.Render<ItemLink>(p => p.Add(x => x.Id, id).Add(x => x.Name, names[id]));
            var link = cell.Find("a[data-testid=item-link]");
            Assert.Equal(text, link.TextContent);
            Assert.Equal(href, link.GetAttribute("href"));
            Assert.DoesNotContain(id.ToString(), cell.Find("a").TextContent);
        }
        var unknown = ctx.Render<ItemLink>(p => p.Add(x => x.Id, stranger));
        Assert.Empty(unknown.FindAll("a"));
        Assert.DoesNotContain(stranger.ToString(), unknown.Markup.Replace($"title=\"{stranger}\"", ""));
    }
}
