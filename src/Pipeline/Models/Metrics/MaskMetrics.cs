using System.Runtime.InteropServices;
using EndoKED.Pipeline.Models.Masks;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Metrics;

/// <summary>
/// Overlap and boundary metrics between a predicted and a gold mask of the same size.
/// <para>Empty masks, defined so every frame gives a finite number and means stay meaningful:
/// both empty → Dice 1, IoU 1, precision 1, recall 1, HD95 0 (a correct "no polyp");
/// exactly one empty → Dice 0, IoU 0, precision 0, recall 0, and HD95 = the image diagonal, the largest distance
/// the frame allows (finite on purpose: NaN would silently drop the worst frames from a mean).</para>
/// <para>HD95 is symmetric: the larger of the two directed 95th percentiles (linear interpolation, as numpy) of the
/// Euclidean distance from each boundary pixel of one mask to the nearest boundary pixel of the other. A boundary pixel
/// is a foreground pixel with a 4-neighbour in the background or outside the frame (so the frame edge counts, as with
/// a morphological erosion that treats the outside as background).</para>
/// </summary>
public static class MaskMetrics
{
    public static MaskScores Compute(BinaryMask gold, BinaryMask predicted)
    {
        if (gold.Width != predicted.Width || gold.Height != predicted.Height)
            throw new ArgumentException($"Mask sizes differ: gold {gold.Width}x{gold.Height}, predicted {predicted.Width}x{predicted.Height}.");

        long tp = 0, goldArea = 0, predArea = 0;
        var g = gold.Pixels;
        var p = predicted.Pixels;
        for (var i = 0; i < g.Length; i++)
        {
            goldArea += g[i];
            predArea += p[i];
            tp += g[i] & p[i];
        }

        if (goldArea == 0 && predArea == 0) return new MaskScores(1, 1, 1, 1, 0);
        if (goldArea == 0 || predArea == 0)
            return new MaskScores(0, 0, 0, 0, Math.Sqrt(((double)gold.Width * gold.Width) + ((double)gold.Height * gold.Height)));

        var dice = 2.0 * tp / (goldArea + predArea);
        var iou = (double)tp / (goldArea + predArea - tp);
        return new MaskScores(dice, iou, (double)tp / predArea, (double)tp / goldArea, Hd95(gold, predicted));
    }

    /// <summary>Symmetric 95th-percentile Hausdorff distance between the boundaries of two non-empty masks, in pixels.</summary>
    public static double Hd95(BinaryMask a, BinaryMask b)
    {
        var boundaryA = Boundary(a);
        var boundaryB = Boundary(b);
        return Math.Max(Percentile(Directed(boundaryA, boundaryB, a.Width, a.Height), 0.95),
            Percentile(Directed(boundaryB, boundaryA, a.Width, a.Height), 0.95));
    }

    /// <summary>Row-major flags of the boundary pixels of a mask.</summary>
    internal static bool[] Boundary(BinaryMask mask)
    {
        int w = mask.Width, h = mask.Height;
        var px = mask.Pixels;
        var edge = new bool[px.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                if (px[i] == 0) continue;
                edge[i] = x == 0 || y == 0 || x == w - 1 || y == h - 1
                    || px[i - 1] == 0 || px[i + 1] == 0 || px[i - w] == 0 || px[i + w] == 0;
            }
        }

        return edge;
    }

    /// <summary>For every boundary pixel of <paramref name="from"/>, the exact Euclidean distance to the nearest one of <paramref name="to"/>.</summary>
    private static double[] Directed(bool[] from, bool[] to, int width, int height)
    {
        // The distance transform measures the distance to the nearest zero pixel, so the target boundary is written as 0.
        var targets = new byte[to.Length];
        for (var i = 0; i < to.Length; i++)
            targets[i] = to[i] ? (byte)0 : (byte)255;
        using var targetMat = new Mat(height, width, MatType.CV_8UC1);
        Marshal.Copy(targets, 0, targetMat.Data, targets.Length);

        using var distanceMat = new Mat();
        Cv2.DistanceTransform(targetMat, distanceMat, DistanceTypes.L2, DistanceTransformMasks.Precise);
        var distance = new float[to.Length];
        Marshal.Copy(distanceMat.Data, distance, 0, distance.Length);
        var result = new List<double>();
        for (var i = 0; i < from.Length; i++)
            if (from[i]) result.Add(distance[i]);
        return [.. result];
    }

    /// <summary>Percentile with linear interpolation between closest ranks (numpy's default).</summary>
    internal static double Percentile(double[] values, double q)
    {
        Array.Sort(values);
        var rank = q * (values.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, values.Length - 1);
        return values[lo] + ((rank - lo) * (values[hi] - values[lo]));
    }
}
