using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Review.CrossChecking;

public class CrossCheckRuleTests
{
    private static readonly ReviewOptions Options = new();

    private static CrossCheckItem Item(PolypLabel? label, int frames, params double[] scores) => CrossCheckRule.Summarised(new CrossCheckItem
    {
        Label = label, Frames = frames, Scores = [.. scores.Select(p => new FrameScore(Guid.NewGuid(), p))],
    });

    [Fact]
    public void A_report_of_polyp_is_contradicted_only_once_every_frame_is_scored_low()
    {
        Assert.Equal(CrossCheckDirection.PolypInReportNotInFrames, CrossCheckRule.Direction(Item(PolypLabel.Present, 2, 0.1, 0.49), Options));
        Assert.Equal(CrossCheckDirection.None, CrossCheckRule.Direction(Item(PolypLabel.Present, 3, 0.1, 0.2), Options));
        Assert.Equal(CrossCheckDirection.None, CrossCheckRule.Direction(Item(PolypLabel.Present, 2, 0.1, 0.5), Options));
    }

    [Fact]
    public void A_report_of_no_polyp_is_contradicted_by_a_single_high_frame_even_before_the_others_are_scored()
    {
        Assert.Equal(CrossCheckDirection.PolypInFramesNotInReport, CrossCheckRule.Direction(Item(PolypLabel.Absent, 5, 0.8), Options));
        Assert.Equal(CrossCheckDirection.None, CrossCheckRule.Direction(Item(PolypLabel.Absent, 5, 0.79, 0.1), Options));
        Assert.Equal(CrossCheckDirection.None, CrossCheckRule.Direction(Item(PolypLabel.Undecided, 1, 0.99), Options));
    }

    [Fact]
    public void A_frame_scored_again_replaces_its_earlier_score()
    {
        var image = Guid.NewGuid();
        var item = CrossCheckRule.WithScore(Item(PolypLabel.Absent, 1), image, 0.9);
        Assert.Equal((0.9, 0.9), (item.MaxProbability, item.Discrepancy));
        item = CrossCheckRule.WithScore(item, image, 0.3);
        Assert.Equal((1, 0.3, 0.3), (item.FramesScored, item.MaxProbability, item.Discrepancy));
    }

    [Fact]
    public void The_discrepancy_measures_the_best_frame_against_the_label()
    {
        Assert.Equal(0.9, CrossCheckRule.Discrepancy(PolypLabel.Present, 0.1, 3), 10);
        Assert.Equal(0.1, CrossCheckRule.Discrepancy(PolypLabel.Absent, 0.1, 3), 10);
        Assert.Equal(0, CrossCheckRule.Discrepancy(PolypLabel.Present, 0, 0));
    }
}
