using EndoKED.Pipeline.Models.ResNet18;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>
/// CAMs of one frame (scales, mirrored views) → one heat map at the frame's size in [0, 1]: each map is min-max
/// normalised, warped bilinearly onto the frame (its cell centres put where they were on the input, a mirrored map
/// mirrored back), the maps are averaged and the mean is min-max normalised again. All in OpenCV.
/// </summary>
public static class CamFusion
{
    /// <summary>The fused map (CV_32FC1, height × width); the caller disposes it. A flat map becomes all zeros.</summary>
    public static Mat Fuse(IReadOnlyList<CamLayer> layers, int width, int height)
    {
        if (layers.Count == 0)
            throw new ArgumentException("No CAM to fuse.", nameof(layers));
        var sum = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        using var warped = new Mat();
        foreach (var layer in layers)
        {
            if (layer.Cells.Length != layer.Side * layer.Side)
                throw new ArgumentException($"A {layer.Side}x{layer.Side} CAM needs {layer.Side * layer.Side} values, got {layer.Cells.Length}.", nameof(layers));
            using var cells = Mat.FromPixelData(layer.Side, layer.Side, MatType.CV_32FC1, layer.Cells);
            using var normalised = new Mat();
            Cv2.Normalize(cells, normalised, 0, 1, NormTypes.MinMax);
            using var map = InverseMap(layer, width, height);
            Cv2.WarpAffine(normalised, warped, map, new Size(width, height),
                InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Replicate);
            Cv2.Add(sum, warped, sum);
        }
        Cv2.Normalize(sum, sum, 0, 1, NormTypes.MinMax);
        return sum;
    }

    /// <summary>
    /// Frame pixel (x, y) → cell coordinates: its centre on the 224 input is u = (x + 0.5)·224/width (224 − u when the
    /// map is of the mirrored input), and cell i is centred at c0 + i·stride, so the cell coordinate is (u − c0)/stride.
    /// </summary>
    private static Mat InverseMap(CamLayer layer, int width, int height)
    {
        const double input = FramePreparer.Side;
        var (sx, sy) = (input / width, input / height);
        var ax = sx / layer.Stride;
        var bx = (0.5 * sx - layer.FirstCellCentre) / layer.Stride;
        if (layer.Mirrored)
            (ax, bx) = (-ax, (input - 0.5 * sx - layer.FirstCellCentre) / layer.Stride);
        var ay = sy / layer.Stride;
        var by = (0.5 * sy - layer.FirstCellCentre) / layer.Stride;
        var m = new Mat(2, 3, MatType.CV_64FC1);
        m.Set(0, 0, ax); m.Set(0, 1, 0.0); m.Set(0, 2, bx);
        m.Set(1, 0, 0.0); m.Set(1, 1, ay); m.Set(1, 2, by);
        return m;
    }
}
