using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.History;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.History;

public class MaskDiffTests
{
    [Fact]
    public void Moving_a_square_right_adds_and_removes_a_column_strip_each()
    {
        var before = Rect(0, 0, 10, 10);
        var after = Rect(2, 0, 12, 10);
        var diff = MaskDiff.Between(before, after);
        Assert.Equal((20L, 20L, 80L), (diff.Added, diff.Removed, diff.Kept));
        Assert.Equal(Rect(10, 0, 12, 10), diff.AddedMask);
        Assert.Equal(Rect(0, 0, 2, 10), diff.RemovedMask);
        Assert.Equal(40, diff.Diff.Decode().Area);
    }

    [Fact]
    public void The_same_mask_twice_differs_nowhere()
    {
        var diff = MaskDiff.Between(Rect(3, 3, 9, 9), Rect(3, 3, 9, 9));
        Assert.Equal((0L, 0L, 36L), (diff.Added, diff.Removed, diff.Kept));
        Assert.True(diff.Diff.Decode().IsEmpty);
    }

    [Fact]
    public void Masks_of_different_sizes_cannot_be_compared()
    {
        Assert.Throws<ArgumentException>(() => MaskDiff.Between(Rect(0, 0, 5, 5, 20, 20), Rect(0, 0, 5, 5)));
    }
}
