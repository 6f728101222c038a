namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>Bilinear upsampling of a coarse CAM to the frame size, then min-max normalisation to [0, 1].</summary>
public static class CamUpsampler
{
    /// <summary>
    /// Pixel centres are aligned as in align_corners=false resizing (the convention of the frame resize that made the
    /// map), so cell (i, j) covers the same part of the frame that produced it.
    /// </summary>
    public static float[] Upsample(ReadOnlySpan<float> cam, int side, int width, int height)
    {
        if (cam.Length != side * side)
            throw new ArgumentException($"A {side}x{side} CAM needs {side * side} values, got {cam.Length}.", nameof(cam));
        var result = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, fy) = Source(y, height, side);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, fx) = Source(x, width, side);
                var top = cam[y0 * side + x0] * (1 - fx) + cam[y0 * side + x1] * fx;
                var bottom = cam[y1 * side + x0] * (1 - fx) + cam[y1 * side + x1] * fx;
                result[y * width + x] = top * (1 - fy) + bottom * fy;
            }
        }
        Normalise(result);
        return result;
    }

    private static (int Low, int High, float Fraction) Source(int dst, int dstSize, int srcSize)
    {
        var s = (dst + 0.5f) * srcSize / dstSize - 0.5f;
        s = Math.Clamp(s, 0, srcSize - 1);
        var low = (int)MathF.Floor(s);
        var high = Math.Min(low + 1, srcSize - 1);
        return (low, high, s - low);
    }

    /// <summary>A flat map (no contrast) becomes all zeros: nothing stands out, so nothing is foreground.</summary>
    private static void Normalise(float[] map)
    {
        var (min, max) = (map.Min(), map.Max());
        var range = max - min;
        for (var i = 0; i < map.Length; i++)
            map[i] = range > 1e-12f ? (map[i] - min) / range : 0;
    }
}
