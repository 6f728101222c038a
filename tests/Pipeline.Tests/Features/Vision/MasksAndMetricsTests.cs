using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;

namespace EndoKED.Pipeline.Tests.Features.Vision;

public class MasksAndMetricsTests
{
    // 4 wide, 3 high:   . X X .
    //                   . X X .
    //                   . . . X
    private static BinaryMask Sample() => BinaryMask.FromValues(4, 3, [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1]);

    [Fact]
    public void Coco_rle_counts_run_down_the_columns_starting_with_background()
    {
        var rle = CocoRle.Encode(Sample());
        // column-major: col0 = 0,0,0 | col1 = 1,1,0 | col2 = 1,1,0 | col3 = 0,0,1
        Assert.Equal([3, 2, 1, 2, 3, 1], rle.Counts);
        Assert.Equal(Sample(), rle.Decode());
    }

    [Fact]
    public void The_compressed_rle_string_round_trips()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 64 * 48).Select(_ => (byte)(rng.Next(10) < 3 ? 1 : 0)).ToArray();
        var mask = BinaryMask.FromValues(64, 48, values);
        var text = CocoRle.Encode(mask).ToCompressedString();
        Assert.Equal(mask, CocoRle.FromCompressedString(48, 64, text).Decode());
    }

    [Fact]
    public void Dice_iou_precision_and_recall_match_a_hand_computed_example()
    {
        var gold = Sample();                                                       // 5 pixels
        var pred = BinaryMask.FromValues(4, 3, [0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // 4 pixels, 3 shared
        var s = MaskMetrics.Compute(gold, pred);
        Assert.Equal(2.0 * 3 / 9, s.Dice, 6);
        Assert.Equal(3.0 / 6, s.IoU, 6);
        Assert.Equal(3.0 / 4, s.Precision, 6);
        Assert.Equal(3.0 / 5, s.Recall, 6);
        Assert.True(s.Hd95 > 0);
    }

    [Fact]
    public void Empty_gold_and_empty_prediction_score_dice_1_and_one_empty_side_scores_0_with_the_diagonal_as_hd95()
    {
        var empty = BinaryMask.Empty(4, 3);
        Assert.Equal(new MaskScores(1, 1, 1, 1, 0), MaskMetrics.Compute(empty, empty));
        var missed = MaskMetrics.Compute(Sample(), empty);
        Assert.Equal(0, missed.Dice);
        Assert.Equal(5.0, missed.Hd95, 6);
    }

    [Fact]
    public void Identical_masks_have_hd95_zero()
    {
        Assert.Equal(0, MaskMetrics.Compute(Sample(), Sample()).Hd95);
    }
}
