using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.CrossChecking;
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

    [Fact]
    public void A_mask_of_a_new_model_names_the_model_before_its_quality()
    {
        var item = new ReviewQueueItem { Kind = ReviewItemKind.Image, MaskQuality = 0.42, ProposedBy = "sam:1a2b3c", NewModel = "sam:1a2b3c" };
        Assert.Equal(["new model: sam 1a2b3c", "low mask quality 0.42"], QueueReasons.Of(item));
    }

    [Fact]
    public void A_cross_check_item_says_which_way_the_report_and_the_frames_disagree()
    {
        var polyp = new CrossCheckFinding(CrossCheckDirection.PolypInReportNotInFrames, 0.12, 8, 8, 0.88);
        var exam = new ReviewQueueItem { Kind = ReviewItemKind.Examination, Confidence = 0.9, ProposedLabel = PolypLabel.Present, CrossCheck = polyp };
        Assert.Equal(["report says polyp, no frame does (best 0.12 of 8 frames)"], QueueReasons.Of(exam));
        var frame = polyp with { Direction = CrossCheckDirection.PolypInFramesNotInReport, MaxProbability = 0.93 };
        Assert.Equal(["report says no polyp, a frame scores 0.93"], QueueReasons.Of(exam with { ProposedLabel = PolypLabel.Absent, CrossCheck = frame }));
    }

    [Theory]
    [InlineData("round:1;student:cc7535ad7536d8a5d7f9240c9240596314bac05999111d5539e418aea97386a5;box:student", "new model: self-training round 1 (student cc7535ad's box)")]
    [InlineData("embedded:grabcut-ellipse-3;box:cam-seeds", "new model: embedded:grabcut-ellipse-3, seeded from the CAM (its box was refused)")]
    [InlineData("embedded:grabcut-ellipse-3", "new model: embedded grabcut-ellipse-3")]
    public void A_new_models_chip_names_it_in_words_without_a_64_character_hash(string provenance, string expected) =>
        Assert.Contains(expected, QueueReasons.Of(new ReviewQueueItem { Kind = ReviewItemKind.Image, NewModel = provenance }));
}
