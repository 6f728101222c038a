namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>One 8-connected foreground region: its pixel count and bounding box.</summary>
public sealed record Component(int Pixels, PixelBox Bounds);

public static class ConnectedComponents
{
    /// <summary>Labels 8-connected regions of <paramref name="foreground"/> (row-major), largest first.</summary>
    public static IReadOnlyList<Component> Find(ReadOnlySpan<bool> foreground, int width, int height)
    {
        var seen = new bool[foreground.Length];
        var stack = new Stack<int>();
        var found = new List<Component>();
        for (var start = 0; start < foreground.Length; start++)
        {
            if (!foreground[start] || seen[start])
                continue;
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
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                            continue;
                        var n = ny * width + nx;
                        if (foreground[n] && !seen[n])
                        {
                            seen[n] = true;
                            stack.Push(n);
                        }
                    }
                }
            }
            found.Add(new Component(pixels, new PixelBox(x0, y0, x1 + 1, y1 + 1)));
        }
        return [.. found.OrderByDescending(c => c.Pixels)];
    }
}
