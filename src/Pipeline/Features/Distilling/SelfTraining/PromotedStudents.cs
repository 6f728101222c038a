using System.Collections.Concurrent;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.SelfTraining;

/// <summary>
/// The promoted student, read from the mask-proposer stream on each ask (one small document load, so a promotion takes
/// effect at the next frame on every worker) and served from one ONNX session per model, loaded once from the file
/// store after checking its bytes against the hash. A singleton.
/// </summary>
public sealed class PromotedStudents(IFileStore files, StudentProposerOptions options) : IMaskProposerSource, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<StudentRefiner>> _loaded = new(StringComparer.Ordinal);

    public async Task<IMaskRefiner?> CurrentAsync(IQuerySession session, CancellationToken ct)
    {
        var proposer = await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct);
        return proposer?.Current is { } model ? await LoadAsync(model, ct) : null;
    }

    private async Task<StudentRefiner> LoadAsync(PromotedModel model, CancellationToken ct)
    {
        if (_loaded.TryGetValue(model.OnnxSha256, out var known)) return known.Value;
        var bytes = await files.ReadVerifiedAsync(model.OnnxSha256, "The promoted student's ONNX", ct);
        var refiner = _loaded.GetOrAdd(model.OnnxSha256, _ => new Lazy<StudentRefiner>(() =>
            new StudentRefiner(new StudentSegmenter(bytes, new OnnxRuntimeOptions { PreferCuda = options.PreferCuda }, options.Threshold), model, options)));
        return refiner.Value;
    }

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
    }
}
