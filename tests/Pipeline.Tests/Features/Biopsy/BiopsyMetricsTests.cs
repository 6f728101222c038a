using EndoKED.Pipeline.Models.Biopsy;
using EndoKED.Pipeline.Models.Biopsy.Evaluating;

namespace EndoKED.Pipeline.Tests.Features.Biopsy;

public sealed class BiopsyMetricsTests
{
    // Adenoma 0.9, 0.8, 0.4; non-adenoma 0.7, 0.4, 0.3, 0.1.
    private static readonly ScoredCase[] Cases =
    [
        new(0.9, true), new(0.8, true), new(0.4, true),
        new(0.7, false), new(0.4, false), new(0.3, false), new(0.1, false),
    ];

    [Fact]
    public void Auc_counts_the_pairs_an_adenoma_wins_and_half_of_the_ties()
    {
        // 0.9 and 0.8 beat all four negatives (8); 0.4 beats 0.3 and 0.1 (2) and ties 0.4 (0.5): 10.5 of 12 pairs.
        Assert.Equal(10.5 / 12, BiopsyMetrics.Auc(Cases)!.Value, 12);
        Assert.Null(BiopsyMetrics.Auc([new(0.2, true), new(0.6, true)]));
    }

    [Fact]
    public void Sensitivity_and_specificity_call_a_frame_adenoma_from_the_threshold_up()
    {
        var point = BiopsyMetrics.At(Cases, 0.4);
        Assert.Equal(1.0, point.Sensitivity); // 0.4 itself is called adenoma
        Assert.Equal(0.5, point.Specificity); // 0.3 and 0.1 of four
        var half = BiopsyMetrics.At(Cases, 0.5);
        Assert.Equal((2.0 / 3, 0.75), (half.Sensitivity!.Value, half.Specificity!.Value));
        Assert.Null(BiopsyMetrics.At([new(0.3, false)], 0.5).Sensitivity);
    }

    [Fact]
    public void The_threshold_chosen_on_validation_maximises_sensitivity_plus_specificity_between_two_scores()
    {
        // Candidates 0.1, 0.2, 0.35, 0.55, 0.75, 0.85, >0.9 give J+1 = 1, 1.25, 1.5, 1.42, 1.67, 1.33, 1: 0.75 wins.
        Assert.Equal(0.75, BiopsyMetrics.ChooseThreshold(Cases), 12);
        Assert.Equal(0.5, BiopsyMetrics.ChooseThreshold([new(0.9, true), new(0.1, true)]));
    }

    [Fact]
    public void Test_scores_are_grouped_per_centre_with_their_examinations_and_classes()
    {
        var metrics = BiopsyEvaluation.PerCentre(
        [
            new("b", "e1", new(0.9, true)), new("b", "e1", new(0.2, true)), new("b", "e2", new(0.1, false)),
            new("a", "e3", new(0.6, false)),
        ], 0.5);

        Assert.Equal(["a", "b"], metrics.Select(m => m.Centre));
        var (a, b) = (metrics[0], metrics[1]);
        Assert.Equal((1, 1, 0, 1, (double?)null, (double?)null, (double?)0.0), (a.Examinations, a.Frames, a.Positives, a.Negatives, a.Auc, a.Sensitivity, a.Specificity));
        Assert.Equal((2, 3, 2, 1, (double?)1.0, (double?)0.5, (double?)1.0), (b.Examinations, b.Frames, b.Positives, b.Negatives, b.Auc, b.Sensitivity, b.Specificity));
    }

    [Theory]
    [InlineData("adenoma,carcinoma", true)]
    [InlineData("sessile_serrated", true)]
    [InlineData("hyperplastic,inflammatory", false)]
    [InlineData("carcinoma", null)]
    [InlineData("", null)]
    public void An_examination_is_adenoma_class_non_adenoma_or_left_out_by_its_pathology_classes(string classes, bool? expected)
    {
        var pathology = classes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, BiopsyLabel.Decide(pathology, BiopsyLabel.DefaultAdenomaClasses, BiopsyLabel.DefaultExcludedClasses));
    }
}
