using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;
using Marten;

namespace EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;

/// <summary>
/// The refiner of the SegmentImage stage: a promoted student when the ledger names one (self-training), else the
/// configured refiner, chosen once (auto|sam|embedded) on first use. A singleton.
/// </summary>
public sealed class FrameSegmenting : IDisposable
{
    private readonly Lazy<IMaskRefiner> _refiner;
    private readonly IMaskProposerSource? _promoted;

    public FrameSegmenting(FrameLabelOptions options, IMaskProposerSource? promoted = null)
    {
        _refiner = new(() => RefinerSelector.Select(options.Refiner, options.Sam, out var error)
            ?? throw new FrameModelUnavailableException($"FrameLabels:Refiner is '{options.Refiner}': {error}"));
        _promoted = promoted;
    }

    /// <summary>A refiner built by the caller (tests, benchmarks), and optionally the source of promoted students.</summary>
    public FrameSegmenting(IMaskRefiner refiner, IMaskProposerSource? promoted = null)
    {
        _refiner = new(refiner);
        _promoted = promoted;
    }

    /// <summary>The configured refiner (SAM or embedded).</summary>
    public IMaskRefiner Refiner => _refiner.Value;

    /// <summary>The refiner that proposes now: the promoted student if any, else <see cref="Refiner"/>.</summary>
    public async Task<IMaskRefiner> CurrentAsync(IQuerySession session, CancellationToken ct) =>
        (_promoted is null ? null : await _promoted.CurrentAsync(session, ct)) ?? Refiner;

    public FrameLoader Loader { get; } = new();

    public void Dispose()
    {
        if (_refiner.IsValueCreated) (_refiner.Value as IDisposable)?.Dispose();
    }
}
