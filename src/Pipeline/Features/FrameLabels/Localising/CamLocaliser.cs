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
        $"{Family} views=s32{(fine ? "+s16" : "")}{(flip ? "+mirror" : "")} specks<{options.MinComponentFraction:0.##}";

    public BoxResult Localise(IReadOnlyList<CamLayer> layers, int width, int height)
    {
        using var heat = CamFusion.Fuse(layers, width, height);
        return _filter.Decide(ConnectedComponents.Above(heat, options.CamThreshold), width, height);
    }

    /// <summary>A single square CAM that tiles the network input evenly (the 7x7 map of the last stage).</summary>
    public BoxResult Localise(ReadOnlySpan<float> cam, int side, int width, int height)
    {
        if (cam.Length != side * side)
            throw new ArgumentException($"A {side}x{side} CAM needs {side * side} values, got {cam.Length}.", nameof(cam));
        return Localise([CamLayer.Even(cam.ToArray(), side)], width, height);
    }
}
