using EndoKED.Pipeline.Features.Vision.Frames;
using EndoKED.Pipeline.Features.Vision.Refining;

namespace EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;

/// <summary>The refiner of the SegmentImage stage, chosen once (auto|sam|embedded) on first use. A singleton.</summary>
public sealed class FrameSegmenting : IDisposable
{
    private readonly Lazy<IMaskRefiner> _refiner;

    public FrameSegmenting(FrameLabelOptions options) => _refiner = new(() =>
        RefinerSelector.Select(options.Refiner, options.Sam, out var error)
            ?? throw new FrameModelUnavailableException($"FrameLabels:Refiner is '{options.Refiner}': {error}"));

    /// <summary>A refiner built by the caller (tests, benchmarks).</summary>
    public FrameSegmenting(IMaskRefiner refiner) => _refiner = new(refiner);

    public IMaskRefiner Refiner => _refiner.Value;

    public FrameLoader Loader { get; } = new();

    public void Dispose()
    {
        if (_refiner.IsValueCreated) (_refiner.Value as IDisposable)?.Dispose();
    }
}
