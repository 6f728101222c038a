using EndoKED.Pipeline.Features.FrameLabels.Localising;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels.Localising;

/// <summary>
/// The managed CAM post-processing the localiser had before OpenCV (bilinear with half-pixel centres, min-max,
/// threshold, 8-connected flood fill, the largest region's box), kept here only to compare the two.
/// </summary>
internal static class ManagedCamReference
{
    public static PixelBox? LargestBox(float[] cam, int side, int width, int height, double threshold)
    {
        var heat = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, fy) = Source(y, height, side);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, fx) = Source(x, width, side);
                var top = cam[y0 * side + x0] * (1 - fx) + cam[y0 * side + x1] * fx;
                var bottom = cam[y1 * side + x0] * (1 - fx) + cam[y1 * side + x1] * fx;
                heat[y * width + x] = top * (1 - fy) + bottom * fy;
            }
        }
        var (min, max) = (heat.Min(), heat.Max());
        var fg = heat.Select(v => max - min > 1e-12f && (v - min) / (max - min) >= threshold && v > min).ToArray();
        return Regions(fg, width, height).OrderByDescending(r => r.Pixels).Select(r => r.Box).FirstOrDefault();
    }

    private static (int Low, int High, float Fraction) Source(int dst, int dstSize, int srcSize)
    {
        var s = Math.Clamp((dst + 0.5f) * srcSize / dstSize - 0.5f, 0, srcSize - 1);
        var low = (int)MathF.Floor(s);
        return (low, Math.Min(low + 1, srcSize - 1), s - low);
    }

    private static List<(int Pixels, PixelBox Box)> Regions(bool[] fg, int width, int height)
    {
        var seen = new bool[fg.Length];
        var found = new List<(int, PixelBox)>();
        var stack = new Stack<int>();
        for (var start = 0; start < fg.Length; start++)
        {
            if (!fg[start] || seen[start]) continue;
            seen[start] = true;
            stack.Push(start);
            var (pixels, x0, y0, x1, y1) = (0, width, height, -1, -1);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                var (x, y) = (p % width, p / width);
                pixels++;
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                        var n = ny * width + nx;
                        if (fg[n] && !seen[n]) { seen[n] = true; stack.Push(n); }
                    }
            }
            found.Add((pixels, new PixelBox(x0, y0, x1 + 1, y1 + 1)));
        }
        return found;
    }
}
