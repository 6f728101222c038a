using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Tests.Features.Vision;

/// <summary>The pycocotools string form, checked by hand against the format's rules.</summary>
public class CocoRleCompressedTests
{
    [Fact]
    public void Counts_3_2_1_2_3_1_compress_to_32102O()
    {
        // From the fourth run on each count is stored minus the count two before: 2-2=0, 3-1=2, 1-2=-1.
        // -1 is one 5-bit group 0b11111 (sign bit 0x10 set, nothing follows) = 31, written as '0'+31 = 'O'.
        var rle = new CocoRle(3, 4, [3, 2, 1, 2, 3, 1]);
        Assert.Equal("32102O", rle.ToCompressedString());
        Assert.Equal(rle.Counts, CocoRle.FromCompressedString(3, 4, "32102O").Counts);
    }

    [Fact]
    public void A_run_of_100_takes_two_groups()
    {
        // 100 = 3*32 + 4: low group 4 with the continuation bit (0x20) = 36 -> 'T', then 3 -> '3'.
        var mask = BinaryMask.FromPredicate(1, 103, (_, y) => y >= 100);
        var rle = CocoRle.Encode(mask);
        Assert.Equal([100, 3], rle.Counts);
        Assert.Equal("T33", rle.ToCompressedString());
        Assert.Equal(mask, CocoRle.FromCompressedString(103, 1, "T33").Decode());
    }

    [Fact]
    public void A_mask_that_starts_with_foreground_begins_with_a_zero_run_and_bad_counts_are_refused()
    {
        var full = BinaryMask.FromPredicate(2, 2, (_, _) => true);
        Assert.Equal([0, 4], CocoRle.Encode(full).Counts);
        Assert.Equal(full, CocoRle.Encode(full).Decode());
        Assert.Throws<FormatException>(() => new CocoRle(2, 2, [1, 2]).Decode());
        Assert.Throws<FormatException>(() => CocoRle.FromCompressedString(2, 2, "T"));
    }
}
