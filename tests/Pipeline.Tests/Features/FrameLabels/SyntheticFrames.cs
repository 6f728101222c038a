using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>Small generated frames for tests that must not need the shared data.</summary>
internal static class SyntheticFrames
{
    /// <summary>Writes a PNG with a bright disc on a reddish background; seed varies colour and position.</summary>
    public static string Write(string dir, int seed, int width = 320, int height = 240)
    {
        var path = Path.Combine(dir, $"synthetic-{seed}.png");
        using var image = new Image<Rgb24>(width, height);
        var (cx, cy, r) = (width / 3 + seed * 7 % (width / 3), height / 2, height / 5);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
                image[x, y] = inside
                    ? new Rgb24(240, (byte)(180 + seed % 50), 160)
                    : new Rgb24((byte)(120 + (x + seed) % 60), 60, (byte)(40 + y % 30));
            }
        }
        image.SaveAsPng(path);
        return path;
    }
}
