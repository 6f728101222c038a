using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Review;

/// <summary>The queue endpoint offers the cross-check kind and names a new model's masks, on the portal's own daemon.</summary>
public class CrossCheckApiTests(ReviewFixture fixture) : IClassFixture<ReviewFixture>
{
    private const string Centre = "centre-q";

    private async Task AppendAsync(string key, Func<Guid, Guid, object> eventFor)
    {
        var exam = ReviewFixture.Exam(Centre, key);
        var image = fixture.ImageOf(Centre, key);
        await using var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.Append(image, eventFor(image, exam));
        await session.SaveChangesAsync();
    }

    private Task ScoreAsync(string key, double p) =>
        AppendAsync(key, (image, exam) => new ImageScored(image, exam, Centre, "mil", "mil/1", p, "mil/1", DateTimeOffset.UtcNow));

    [Fact]
    public async Task The_queue_offers_examinations_whose_report_and_frames_disagree_largest_discrepancy_first()
    {
        await ScoreAsync("q-confident", 0.95);      // report: no polyp; the frame: 0.95
        await ScoreAsync("q-flagged-low", 0.1);     // report: polyp; its only frame: 0.1
        await ScoreAsync("q-flagged-high", 0.9);    // report: polyp; the frame agrees
        var reader = await fixture.ClientAsync("cc-reader", EndoKED.Shared.Role.Clinician, Centre);

        // The cross-check comes from the async daemon: ask until it shows both examinations.
        var queue = await Eventually.Returns(() => reader.GetFromJsonAsync<JsonElement>($"/api/review/queue?kind=crosscheck&centre={Centre}"),
            b => b.GetProperty("total").GetInt32() >= 2, "the cross-check queue offers both examinations", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([ReviewFixture.Exam(Centre, "q-confident"), ReviewFixture.Exam(Centre, "q-flagged-low")], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal("report-no-polyp-frame-high", items[0].GetProperty("crossCheck").GetProperty("direction").GetString());
        Assert.Equal("report-polyp-frames-low", items[1].GetProperty("crossCheck").GetProperty("direction").GetString());
        Assert.Equal(95, items[0].GetProperty("priority").GetDouble());
        Assert.Equal("Examination", items[0].GetProperty("kind").GetString());

        var other = await reader.GetAsync("/api/review/queue?kind=crosscheck&queue=adjudication");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        var unknown = await reader.GetAsync("/api/review/queue?kind=frames");
        Assert.Contains("crosscheck", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mask_of_a_model_without_reviews_says_it_is_a_new_models()
    {
        var box = new FrameBox(10, 10, 30, 30);
        await AppendAsync("q-disagree", (image, exam) => new MaskProposed(image, exam, Centre, "sam", "9f8e7d", "sam:9f8e7d", box,
            CocoRle.Encode(BinaryMask.FromPredicate(64, 48, (x, y) => x is >= 10 and < 30 && y is >= 10 and < 30)).ToEventMask(), 0.9, null, "sam:9f8e7d", DateTimeOffset.UtcNow));
        var reader = await fixture.ClientAsync("nm-reader", EndoKED.Shared.Role.Clinician, Centre);

        var queue = await reader.GetFromJsonAsync<JsonElement>($"/api/review/queue?kind=image&centre={Centre}");

        var item = Assert.Single(queue.GetProperty("items").EnumerateArray());
        Assert.Equal(("sam:9f8e7d", "sam:9f8e7d"), (item.GetProperty("newModel").GetString(), item.GetProperty("proposedBy").GetString()));
    }
}
