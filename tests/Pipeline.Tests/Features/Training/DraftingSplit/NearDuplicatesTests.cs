using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Frames;
using OpenCvSharp;

namespace EndoKED.Pipeline.Tests.Features.Training.DraftingSplit;

public sealed class NearDuplicatesTests
{
    [Fact]
    public void Bucketed_search_finds_exactly_the_pairs_a_full_comparison_finds()
    {
        var random = new Random(4);
        var hashes = new List<ulong>();
        for (var i = 0; i < 300; i++)
        {
            var h = (ulong)random.NextInt64();
            hashes.Add(h);
            if (i % 3 == 0)
                hashes.Add(h ^ (1UL << random.Next(64)) ^ (1UL << random.Next(64)) ^ (1UL << random.Next(64)));
        }

        var fast = NearDuplicates.Pairs(hashes, 5);

        var slow = new List<(int, int)>();
        for (var a = 0; a < hashes.Count; a++)
            for (var b = a + 1; b < hashes.Count; b++)
                if (NearDuplicates.Distance(hashes[a], hashes[b]) <= 5) slow.Add((a, b));
        Assert.Equal(slow, fast);
        Assert.True(fast.Count >= 100);
    }

    private static FrameImage Scene(int shift, double gain)
    {
        var mat = new Mat(288, 384, MatType.CV_8UC3);
        for (var y = 0; y < 288; y++)
            for (var x = 0; x < 384; x++)
            {
                var v = 128 + (100 * Math.Sin((x + shift) / 37.0) * Math.Cos(y / 23.0));
                mat.Set(y, x, new Vec3b((byte)Math.Clamp(v * gain * 0.5, 0, 255), (byte)Math.Clamp(v * gain * 0.7, 0, 255), (byte)Math.Clamp(v * gain, 0, 255)));
            }
        return FrameImage.FromBgr(mat);
    }

    [Fact]
    public void The_dhash_of_a_slightly_brighter_or_shifted_frame_is_close_and_of_another_scene_far()
    {
        using var original = Scene(0, 1.0);
        using var brighter = Scene(0, 1.1);
        using var shifted = Scene(3, 1.0);
        using var other = Scene(150, 1.0);

        var h = PerceptualHash.DHash(original);

        Assert.Equal(h, PerceptualHash.DHash(original));
        Assert.InRange(NearDuplicates.Distance(h, PerceptualHash.DHash(brighter)), 0, 4);
        Assert.InRange(NearDuplicates.Distance(h, PerceptualHash.DHash(shifted)), 0, 6);
        Assert.True(NearDuplicates.Distance(h, PerceptualHash.DHash(other)) > 16);
    }
}
