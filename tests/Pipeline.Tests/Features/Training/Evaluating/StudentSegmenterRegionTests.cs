using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Tests.Features.Training.Evaluating;

public sealed class StudentSegmenterRegionTests
{
    /// <summary>A 40×30 mask: a 10×10 block, a 9×9 block beside it and a 2×2 speck in the far corner.</summary>
    private static BinaryMask Regions() => BinaryMask.FromPredicate(40, 30, (x, y) =>
        (x is >= 2 and < 12 && y is >= 2 and < 12) || (x is >= 20 and < 29 && y is >= 2 and < 11) || (x is >= 36 and < 38 && y is >= 26 and < 28));

    private static BinaryMask Filtered(BinaryMask mask, double fraction)
    {
        using var grey = MaskMats.ToMat(mask);
        StudentSegmenter.DropSmallRegions(grey, fraction);
        return MaskMats.FromGrey(grey);
    }

    [Fact]
    public void A_speck_far_from_the_polyp_is_dropped_and_a_second_region_of_similar_size_is_kept()
    {
        var kept = Filtered(Regions(), StudentSegmenter.DefaultMinComponentFraction);

        Assert.Equal(100 + 81, kept.Area);
        Assert.False(kept[36, 26]);
        Assert.True(kept[25, 5]);
    }

    [Fact]
    public void A_fraction_of_one_keeps_only_the_largest_region_and_a_single_region_is_never_touched()
    {
        Assert.Equal(100, Filtered(Regions(), 1).Area);
        var single = BinaryMask.FromPredicate(40, 30, (x, y) => x < 3 && y < 3);
        Assert.Equal(single, Filtered(single, 1));
    }

    [Fact]
    public void A_region_filter_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudentSegmenter([], new(), minComponentFraction: 1.5));
    }
}
