using OpenCvSharp;

namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>One 8-connected foreground region: its pixel count and bounding box.</summary>
public sealed record Component(int Pixels, PixelBox Bounds);

/// <summary>Thresholding and 8-connected regions of a heat map, in OpenCV.</summary>
public static class ConnectedComponents
{
    /// <summary>Regions of the pixels at or above <paramref name="threshold"/> (and above 0) of a CV_32FC1 map, largest first.</summary>
    public static IReadOnlyList<Component> Above(Mat heat, double threshold)
    {
        using var foreground = new Mat();
        Cv2.Compare(heat, Scalar.All(Math.Max(threshold, float.Epsilon)), foreground, CmpTypes.GE);
        return Find(foreground);
    }

    /// <summary>Regions of a CV_8UC1 mask (non-zero is foreground), largest first; equal sizes by top, then left.</summary>
    public static IReadOnlyList<Component> Find(Mat foreground)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(foreground, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var found = new List<Component>(Math.Max(0, count - 1));
        for (var i = 1; i < count; i++)
        {
            var (x, y) = (stats.At<int>(i, (int)ConnectedComponentsTypes.Left), stats.At<int>(i, (int)ConnectedComponentsTypes.Top));
            var (w, h) = (stats.At<int>(i, (int)ConnectedComponentsTypes.Width), stats.At<int>(i, (int)ConnectedComponentsTypes.Height));
            found.Add(new Component(stats.At<int>(i, (int)ConnectedComponentsTypes.Area), new PixelBox(x, y, x + w, y + h)));
        }
        return [.. found.OrderByDescending(c => c.Pixels).ThenBy(c => c.Bounds.Y0).ThenBy(c => c.Bounds.X0)];
    }
}
