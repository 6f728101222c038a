namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>
/// Writes one augmented sample into a batch buffer (CHW floats and a 0/1 mask). Pure C# from a seeded
/// <see cref="Random"/>, so an epoch's augmentation is reproducible (resume gives the same epoch).
/// The image is sampled bilinearly and the mask by nearest neighbour from the same geometric transform.
/// </summary>
public static class Augmenter
{
    public static void Write(LoadedSample sample, int size, AugmentationOptions options, Random random, Span<float> image, Span<float> mask)
    {
        var (flipX, flipY, zoom, cropX, cropY) = (false, false, 1.0, 0.0, 0.0);
        var (brightness, contrast) = (0.0, 1.0);
        Span<double> gain = [1, 1, 1];
        if (options.Enabled)
        {
            flipX = random.NextDouble() < options.FlipProbability;
            flipY = random.NextDouble() < options.FlipProbability;
            zoom = 1 + (random.NextDouble() * (options.MaxZoom - 1));
            var crop = size / zoom;
            cropX = random.NextDouble() * (size - crop);
            cropY = random.NextDouble() * (size - crop);
            brightness = (random.NextDouble() * 2 - 1) * options.Brightness;
            contrast = 1 + ((random.NextDouble() * 2 - 1) * options.Contrast);
            for (var c = 0; c < 3; c++)
                gain[c] = 1 + ((random.NextDouble() * 2 - 1) * options.ChannelGain);
        }

        var plane = size * size;
        var scale = 1 / zoom;
        for (var y = 0; y < size; y++)
        {
            var sy = cropY + ((flipY ? size - 1 - y : y) + 0.5) * scale - 0.5;
            for (var x = 0; x < size; x++)
            {
                var sx = cropX + ((flipX ? size - 1 - x : x) + 0.5) * scale - 0.5;
                var o = (y * size) + x;
                var nx = Math.Clamp((int)Math.Round(sx), 0, size - 1);
                var ny = Math.Clamp((int)Math.Round(sy), 0, size - 1);
                mask[o] = sample.Mask[(ny * size) + nx];
                for (var c = 0; c < 3; c++)
                {
                    var v = Bilinear(sample.Rgb, size, c, sx, sy) / 255.0;
                    v = ((v - 0.5) * contrast) + 0.5 + brightness;
                    image[(c * plane) + o] = (float)Math.Clamp(v * gain[c], 0, 1);
                }
            }
        }
    }

    private static double Bilinear(byte[] rgb, int size, int channel, double x, double y)
    {
        x = Math.Clamp(x, 0, size - 1);
        y = Math.Clamp(y, 0, size - 1);
        var (x0, y0) = ((int)x, (int)y);
        var (x1, y1) = (Math.Min(x0 + 1, size - 1), Math.Min(y0 + 1, size - 1));
        var (fx, fy) = (x - x0, y - y0);
        double At(int px, int py) => rgb[(((py * size) + px) * 3) + channel];
        return ((At(x0, y0) * (1 - fx)) + (At(x1, y0) * fx)) * (1 - fy) + ((At(x0, y1) * (1 - fx)) + (At(x1, y1) * fx)) * fy;
    }
}
