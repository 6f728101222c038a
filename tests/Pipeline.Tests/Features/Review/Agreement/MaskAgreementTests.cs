using EndoKED.Pipeline.Features.Review.Agreement;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Agreement;

public class MaskAgreementTests
{
    [Fact]
    public void Dice_and_iou_are_averaged_over_the_proposed_and_final_mask_pairs()
    {
        // Pair 1 identical: Dice 1, IoU 1. Pair 2: 10×10 against its left half: Dice 2·50/150, IoU 50/100.
        var (pairs, dice, iou) = MaskAgreement.Mean(
        [
            (Rect(0, 0, 10, 10), Rect(0, 0, 10, 10)),
            (Rect(0, 0, 5, 10), Rect(0, 0, 10, 10)),
        ]);
        Assert.Equal(2, pairs);
        Assert.Equal((1 + (100.0 / 150)) / 2, dice!.Value, 10);
        Assert.Equal((1 + 0.5) / 2, iou!.Value, 10);
    }

    [Fact]
    public void No_pairs_give_no_figures()
    {
        Assert.Equal((0, null, null), MaskAgreement.Mean([]));
    }
}
