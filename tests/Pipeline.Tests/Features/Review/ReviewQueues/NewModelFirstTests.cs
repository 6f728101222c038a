using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.CrossChecking.CrossCheckLedger;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.ReviewQueues;

/// <summary>The mask queue audits a new model's first proposals early, on a real ledger.</summary>
public class NewModelFirstTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly ReviewOptions TwoReviews = new() { NewModelReviews = 2 };

    private async Task<Guid> MaskAsync(string centre, string refiner, string version, double quality)
    {
        var image = Guid.NewGuid();
        var exam = Guid.NewGuid();
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream(image,
            new ImageIngested(image, exam, centre, "ab", 10, 40, 30, "png", "f.png", 0, "test", T0),
            new MaskProposed(image, exam, centre, refiner, version, $"{refiner}:{version}", new FrameBox(5, 5, 20, 20),
                Rect(5, 5, 20, 20), quality, null, $"{refiner}:{version}", T0.AddMinutes(1)));
        await session.SaveChangesAsync();
        return image;
    }

    private async Task FinalAsync(string centre, params Guid[] images)
    {
        foreach (var image in images)
        foreach (var reader in new[] { "r1", "r2" })
            await VoteAsync(ledger.Store, ReviewItemKind.Image, image, Clinician(reader, centre), Accept());
    }

    private Task<ReviewQueuePage> MasksAsync(string centre, int page = 1, int size = 25) =>
        QueueAsync(ledger.Store, ReviewItemKind.Image, QueueName.Votes, centre, Clinician("r3", centre), TwoReviews, page, size);

    [Fact]
    public async Task A_new_models_masks_come_before_the_low_quality_order_until_enough_of_them_are_reviewed()
    {
        const string centre = "nm-centre";
        var old = $"v{Guid.NewGuid():N}"[..8];
        var fresh = $"v{Guid.NewGuid():N}"[..8];
        // The old model is audited already: two of its masks have final labels.
        await FinalAsync(centre, await MaskAsync(centre, "embedded", old, 0.5), await MaskAsync(centre, "embedded", old, 0.5));
        var oldLow = await MaskAsync(centre, "embedded", old, 0.1);
        var new80 = await MaskAsync(centre, "sam", fresh, 0.8);
        var new85 = await MaskAsync(centre, "sam", fresh, 0.85);
        var new90 = await MaskAsync(centre, "sam", fresh, 0.9);
        var new95 = await MaskAsync(centre, "sam", fresh, 0.95);

        var before = await MasksAsync(centre);
        Assert.Equal([new80, new85, new90, new95, oldLow], before.Items.Select(i => i.Id));
        Assert.Equal([.. Enumerable.Repeat($"sam:{fresh}", 4), null], before.Items.Select(i => i.NewModel));

        // Paged on the server across the two parts.
        var second = await MasksAsync(centre, page: 2, size: 2);
        Assert.Equal(5L, second.Total);
        Assert.Equal([new90, new95], second.Items.Select(i => i.Id));
        var third = await MasksAsync(centre, page: 3, size: 2);
        Assert.Equal((5L, oldLow), (third.Total, Assert.Single(third.Items).Id));

        // Two of the new model's masks reviewed: the rest fall back to the quality order.
        await FinalAsync(centre, new80, new85);
        var after = await MasksAsync(centre);
        Assert.Equal([oldLow, new90, new95], after.Items.Select(i => i.Id));
        Assert.All(after.Items, i => Assert.Null(i.NewModel));
    }

    [Fact]
    public async Task The_tally_counts_final_labels_per_model_not_votes()
    {
        const string centre = "nm-tally";
        var version = $"v{Guid.NewGuid():N}"[..8];
        var a = await MaskAsync(centre, "sam", version, 0.5);
        await VoteAsync(ledger.Store, ReviewItemKind.Image, a, Clinician("r1", centre), Accept());
        await CatchUpAsync(ledger.Store);
        await using (var session = ledger.Store.QuerySession())
            Assert.Null(await session.LoadAsync<ModelReviewTally>($"sam:{version}"));

        await VoteAsync(ledger.Store, ReviewItemKind.Image, a, Clinician("r2", centre), Accept());
        await CatchUpAsync(ledger.Store);
        await using (var session = ledger.Store.QuerySession())
            Assert.Equal(1, (await session.LoadAsync<ModelReviewTally>($"sam:{version}"))!.Reviewed);
    }
}
