using EndoKED.Pipeline.Models.Student.Fitting;

namespace EndoKED.Pipeline.Tests.Features.Training.Fitting;

public sealed class AugmenterTests
{
    private const int Size = 32;

    [Fact]
    public void With_augmentation_off_the_sample_is_copied_unchanged()
    {
        var sample = SyntheticSamples.Make(1, Size, 7)[0];
        var (image, mask) = (new float[3 * Size * Size], new float[Size * Size]);

        Augmenter.Write(sample, Size, new AugmentationOptions { Enabled = false }, new Random(1), image, mask);

        Assert.Equal(sample.Mask.Select(v => (float)v), mask);
        Assert.Equal(sample.Rgb[0] / 255f, image[0], 5);
        Assert.Equal(sample.Rgb[3 * 5 + 1] / 255f, image[Size * Size + 5], 5);
    }

    [Fact]
    public void A_forced_flip_mirrors_image_and_mask_together()
    {
        var sample = SyntheticSamples.Make(1, Size, 8)[0];
        var (image, mask) = (new float[3 * Size * Size], new float[Size * Size]);
        var flipOnly = new AugmentationOptions { FlipProbability = 1, MaxZoom = 1, Brightness = 0, Contrast = 0, ChannelGain = 0 };

        Augmenter.Write(sample, Size, flipOnly, new Random(1), image, mask);

        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var source = ((Size - 1 - y) * Size) + (Size - 1 - x);
                Assert.Equal(sample.Mask[source], mask[(y * Size) + x]);
                Assert.Equal(sample.Rgb[3 * source] / 255f, image[(y * Size) + x], 4);
            }
    }

    [Fact]
    public void A_zoomed_crop_keeps_the_mask_two_valued_and_the_image_in_range()
    {
        var sample = SyntheticSamples.Make(1, Size, 9)[0];
        var (image, mask) = (new float[3 * Size * Size], new float[Size * Size]);

        Augmenter.Write(sample, Size, new AugmentationOptions { MaxZoom = 2 }, new Random(3), image, mask);

        Assert.All(mask, v => Assert.True(v is 0 or 1));
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }
}
