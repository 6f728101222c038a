using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Portal.Features.Review.BrowsingQueue;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Tests.Features.Review.BrowsingQueue;

public class QueueReasonsTests
{
    [Fact]
    public void An_examination_says_it_has_disagreements_and_low_confidence()
    {
        var item = new ReviewQueueItem { Kind = ReviewItemKind.Examination, Disagreements = 2, Confidence = 0.35, NeedsReview = true, ProposedLabel = PolypLabel.Present };
        Assert.Equal(["2 extractor disagreements", "low confidence 0.35"], QueueReasons.Of(item));
    }

    [Fact]
    public void A_mask_of_low_quality_says_so_and_a_good_one_asks_for_confirmation()
    {
        Assert.Equal(["low mask quality 0.42"], QueueReasons.Of(new ReviewQueueItem { Kind = ReviewItemKind.Image, MaskQuality = 0.42 }));
        Assert.Equal(["mask to confirm"], QueueReasons.Of(new ReviewQueueItem { Kind = ReviewItemKind.Image, MaskQuality = 0.93 }));
    }

    [Fact]
    public void An_item_waiting_for_a_lead_says_the_readers_disagree()
    {
        var item = new ReviewQueueItem { Kind = ReviewItemKind.Examination, Stage = ReviewStage.Adjudication, Voters = ["a", "b", "c"], Confidence = 0.9 };
        Assert.Equal(["readers disagree (3 votes)"], QueueReasons.Of(item));
    }
}
