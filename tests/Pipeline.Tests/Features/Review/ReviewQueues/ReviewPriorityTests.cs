using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Review.ReviewQueues;

public class ReviewPriorityTests
{
    private static ReviewQueueItem ExamItem(bool needsReview, double confidence, int disagreements = 0, params string[] voters) => new()
    {
        Kind = ReviewItemKind.Examination, NeedsReview = needsReview, Confidence = confidence, Disagreements = disagreements,
        ProposedLabel = PolypLabel.Present, Voters = voters,
    };

    [Fact]
    public void An_examination_the_machines_flag_comes_before_a_confident_one()
    {
        Assert.True(ReviewPriority.Of(ExamItem(true, 0.9)) > ReviewPriority.Of(ExamItem(false, 0.1)));
    }

    [Fact]
    public void Among_flagged_examinations_low_confidence_and_disagreements_come_first()
    {
        Assert.True(ReviewPriority.Of(ExamItem(true, 0.3)) > ReviewPriority.Of(ExamItem(true, 0.8)));
        Assert.True(ReviewPriority.Of(ExamItem(true, 0.5, 3)) > ReviewPriority.Of(ExamItem(true, 0.5, 0)));
    }

    [Fact]
    public void An_item_one_vote_from_consensus_comes_before_an_untouched_one_of_the_same_kind()
    {
        Assert.True(ReviewPriority.Of(ExamItem(true, 0.5, 0, "ann")) > ReviewPriority.Of(ExamItem(true, 0.5)));
    }

    [Fact]
    public void Images_with_low_mask_quality_come_first()
    {
        var low = new ReviewQueueItem { Kind = ReviewItemKind.Image, MaskQuality = 0.2 };
        var high = low with { MaskQuality = 0.9 };
        Assert.True(ReviewPriority.Of(low) > ReviewPriority.Of(high));
    }
}
