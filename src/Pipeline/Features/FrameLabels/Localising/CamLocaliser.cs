namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>Coarse CAM (logits per feature-map cell) → upsampled, normalised, thresholded → filtered box.</summary>
public sealed class CamLocaliser(BoxFilterOptions options)
{
    private readonly BoxFilter _filter = new(options);

    public BoxFilterOptions Options => options;

    public BoxResult Localise(ReadOnlySpan<float> cam, int side, int width, int height)
    {
        var heat = CamUpsampler.Upsample(cam, side, width, height);
        var threshold = (float)options.CamThreshold;
        var foreground = new bool[heat.Length];
        for (var i = 0; i < heat.Length; i++)
            foreground[i] = heat[i] >= threshold && heat[i] > 0;
        var components = ConnectedComponents.Find(foreground, width, height);
        return _filter.Decide(components, width, height);
    }
}
