using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>
/// CAMs of a frame (each scale and mirrored view) → fused heat map at the frame's size → thresholded → candidate regions
/// → filtered box. The heat map, thresholding and regions are OpenCV's.
/// </summary>
public sealed class CamLocaliser(BoxFilterOptions options)
{
    /// <summary>Changes whenever the same CAMs could give other boxes; every localisation records it.</summary>
    public const string Family = "cam-localiser/v2";

    private readonly BoxFilter _filter = new(options);

    public BoxFilterOptions Options => options;

    /// <summary>The localiser and the views it fuses when the frame's own pixels are at hand.</summary>
    public string Version => VersionFor(options);

    /// <summary>The version when only the 7x7 CAM of the frame was given (features cached without the frame).</summary>
    public string CoarseVersion => VersionOf(options, fine: false, flip: false);

    /// <summary>The version a localiser with these options records (no localiser needed to name it).</summary>
    public static string VersionFor(BoxFilterOptions options) => VersionOf(options, options.FineMap, options.Flip);

    private static string VersionOf(BoxFilterOptions options, bool fine, bool flip) =>
        $"{Family} views=s32{(fine ? "+s16" : "")}{(flip ? "+mirror" : "")} specks<{options.MinComponentFraction:0.##}" +
        (options.SeedRefused ? $" seeds>={options.SeedMinQuality:0.##}" : "");

    public BoxResult Localise(IReadOnlyList<CamLayer> layers, int width, int height)
    {
        using var heat = CamFusion.Fuse(layers, width, height);
        var result = _filter.Decide(ConnectedComponents.Above(heat, options.CamThreshold), width, height);
        return options.SeedRefused && result.Rejection == BoxRejection.TouchesBorder && result.Candidate is { } refused
            ? result with { Seed = SeedOf(heat, refused) }
            : result;
    }

    /// <summary>
    /// Whether a mask drawn from a seed may stand: not empty, at least the minimum quality, and no larger than the box
    /// filter allows a box to be (the seed only waives the border rule). Null when it may, else why not.
    /// </summary>
    public static string? SeededMaskRefusal(MaskProposal proposal, double minQuality, double maxAreaFraction)
    {
        if (proposal.Mask.IsEmpty) return "the refiner drew nothing from the seed";
        if (proposal.Quality < minQuality) return $"quality {proposal.Quality:F3} under {minQuality:F2}";
        var area = (double)proposal.Mask.Area / ((long)proposal.Mask.Width * proposal.Mask.Height);
        return area > maxAreaFraction ? $"the mask covers {area:P0} of the frame, over {maxAreaFraction:P0}" : null;
    }

    /// <summary>The CAM's pixels at or above the threshold inside the refused candidate's box.</summary>
    private BinaryMask SeedOf(Mat heat, PixelBox box)
    {
        using var above = new Mat();
        Cv2.Compare(heat, Scalar.All(Math.Max(options.CamThreshold, float.Epsilon)), above, CmpTypes.GE);
        using var seed = new Mat(heat.Size(), MatType.CV_8UC1, Scalar.All(0));
        var rect = new Rect(box.X0, box.Y0, box.Width, box.Height);
        using (var inside = new Mat(above, rect))
        using (var target = new Mat(seed, rect))
            inside.CopyTo(target);
        return MaskMats.FromGrey(seed);
    }

    /// <summary>A single square CAM that tiles the network input evenly (the 7x7 map of the last stage).</summary>
    public BoxResult Localise(ReadOnlySpan<float> cam, int side, int width, int height)
    {
        if (cam.Length != side * side)
            throw new ArgumentException($"A {side}x{side} CAM needs {side * side} values, got {cam.Length}.", nameof(cam));
        return Localise([CamLayer.Even(cam.ToArray(), side)], width, height);
    }
}
