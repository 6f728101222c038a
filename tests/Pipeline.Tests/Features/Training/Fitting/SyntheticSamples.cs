using EndoKED.Pipeline.Models.Student.Fitting;

namespace EndoKED.Pipeline.Tests.Features.Training.Fitting;

/// <summary>Bright discs on dark noise: a task a tiny student learns within a few epochs.</summary>
public static class SyntheticSamples
{
    public static List<LoadedSample> Make(int count, int size, int seed, string centre = "synthetic")
    {
        var random = new Random(seed);
        var samples = new List<LoadedSample>();
        for (var n = 0; n < count; n++)
        {
            var (cx, cy, r) = (random.Next(size / 4, 3 * size / 4), random.Next(size / 4, 3 * size / 4), random.Next(size / 8, size / 4));
            var rgb = new byte[size * size * 3];
            var mask = new byte[size * size];
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
                    var i = (y * size) + x;
                    mask[i] = inside ? (byte)1 : (byte)0;
                    var v = (inside ? 190 : 60) + random.Next(-30, 30);
                    rgb[3 * i] = (byte)v;
                    rgb[(3 * i) + 1] = (byte)(v / 2);
                    rgb[(3 * i) + 2] = (byte)(v / 3);
                }
            samples.Add(new LoadedSample($"s{n}", centre, rgb, mask));
        }
        return samples;
    }
}
