using EndoKED.Pipeline.Features.FrameLabels.Localising;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

internal static class FrameMetrics
{
    /// <summary>ROC AUC as the Mann-Whitney probability that a positive outranks a negative (ties count half).</summary>
    public static double Auc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        var wins = 0.0;
        foreach (var p in positives)
            foreach (var n in negatives)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / (positives.Count * (double)negatives.Count);
    }

    public static bool[] ReadMask(string path, out int width, out int height)
    {
        using var image = Image.Load<L8>(path);
        (width, height) = (image.Width, image.Height);
        var mask = new bool[width * height];
        var w = width;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < w; x++)
                    mask[y * w + x] = row[x].PackedValue > 127;
            }
        });
        return mask;
    }

    /// <summary>Overlap hit: at least one expert-mask pixel lies inside the box.</summary>
    public static bool Overlaps(PixelBox box, bool[] mask, int width)
    {
        for (var y = box.Y0; y < box.Y1; y++)
            for (var x = box.X0; x < box.X1; x++)
                if (mask[y * width + x])
                    return true;
        return false;
    }

    /// <summary>Centre hit: the box's centre pixel is an expert-mask pixel.</summary>
    public static bool CentreInside(PixelBox box, bool[] mask, int width)
    {
        var (cx, cy) = box.Centre;
        return mask[(int)cy * width + (int)cx];
    }
}
