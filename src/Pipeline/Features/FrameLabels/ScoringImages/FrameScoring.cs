using System.Collections.Concurrent;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>
/// The models of the ScoreImages stage. The frame scorer is, in this order: a configured file (FrameLabels:MilModelPath
/// or ENDOKED_MIL_MODEL: a deployment override), the registered model a run pinned, or the promoted one in the ledger.
/// ResNet-18 and each scorer are loaded once, on first use (a host starts without any scorer; a message that finds none
/// is retried later). A singleton: the ONNX sessions are thread-safe.
/// </summary>
public sealed class FrameScoring : IDisposable
{
    public const string NoScorer = "No frame scorer yet: an admin trains one from the examinations' labels (Pipeline page: " +
        "'Train a frame scorer', or Training: kind 'frame scorer') and promotes it on Models.";

    private readonly Lazy<ResNet18Features> _features;
    private readonly ConcurrentDictionary<string, Lazy<MilScorer>> _scorers = new(StringComparer.Ordinal);
    private readonly FrameLabelOptions _options;
    private readonly IFrameScorerSource? _source;
    private readonly IFileStore? _files;
    private readonly MilScorer? _fixed;
    private readonly bool _owns = true;

    public FrameScoring(FrameLabelOptions options, IFrameScorerSource? source = null, IFileStore? files = null)
    {
        (_options, _source, _files) = (options, source, files);
        _features = new(() => new ResNet18Features(options.ResNet18));
    }

    /// <summary>Models built by the caller (tests, benchmarks); the caller keeps ownership; the scorer acts as an override.</summary>
    public FrameScoring(ResNet18Features features, MilScorer scorer, BoxFilterOptions box)
    {
        _options = new FrameLabelOptions { Box = box };
        (_fixed, _owns) = (scorer, false);
        _features = new(features);
    }

    /// <summary>The configured file that overrides the ledger's frame scorer, when one is set.</summary>
    public string? OverridePath => string.IsNullOrWhiteSpace(_options.MilModelPath) ? null : _options.MilModelPath;

    /// <summary>The localiser, its views and the box rule's settings, as ImageLocalised records it.</summary>
    public string Rule => $"{CamLocaliser.VersionFor(_options.Box)} cam>={_options.Box.CamThreshold} area {_options.Box.MinAreaFraction:0.###}-{_options.Box.MaxAreaFraction:0.###} " +
        $"components<{_options.Box.RejectAtComponents} margin {_options.Box.BorderMarginPixels}";

    /// <summary>The scorer a run starting now would use (what it records), or null with none anywhere.</summary>
    public async Task<FrameScorerChoice?> ChoiceAsync(IQuerySession session, CancellationToken ct)
    {
        if (_fixed is not null) return new FrameScorerChoice(null, _fixed.Version, "override");
        if (OverridePath is { } path)
            return File.Exists(path) ? new FrameScorerChoice(null, MilModelMetadata.Load(path).Version, "override") : null;
        return _source is not null && await _source.PromotedAsync(session, ct) is { } promoted
            ? new FrameScorerChoice(promoted.ModelId, promoted.ModelVersion, "promoted") : null;
    }

    /// <summary>Why no frame can be scored now, in words an admin can act on; null when a scorer is there.</summary>
    public async Task<string?> UnavailableAsync(IQuerySession session, CancellationToken ct) =>
        OverridePath is { } path && !File.Exists(path) && _fixed is null
            ? $"The configured frame scorer (FrameLabels:MilModelPath or ENDOKED_MIL_MODEL) is missing: {path}. Fix or unset it and restart."
            : await ChoiceAsync(session, ct) is null ? NoScorer : null;

    /// <summary>The labeller for one message: the override, else the pinned model, else the promoted one.</summary>
    /// <exception cref="FrameModelUnavailableException">No scorer at all yet (the message is retried later).</exception>
    public async Task<FrameLabeller> ForAsync(Guid? pinnedModelId, IQuerySession session, CancellationToken ct)
    {
        MilScorer scorer;
        if (_fixed is not null) scorer = _fixed;
        else if (OverridePath is { } path)
        {
            if (!File.Exists(path)) throw new FrameModelUnavailableException($"The configured frame scorer {path} is missing.");
            scorer = Loaded("file:" + path, () => new MilScorer(path, _options.ResNet18.Runtime));
        }
        else
        {
            var reference = _source is null ? null
                : pinnedModelId is { } id ? await _source.ByIdAsync(id, session, ct) ?? throw new FrameModelUnavailableException($"The frame scorer {id} the run started with is not in the registry.")
                : await _source.PromotedAsync(session, ct);
            if (reference is null) throw new FrameModelUnavailableException(NoScorer);
            if (_scorers.TryGetValue(reference.OnnxSha256, out var known)) scorer = known.Value;
            else
            {
                byte[] bytes;
                try
                {
                    bytes = await (_files ?? throw new FrameModelUnavailableException("No file store to read the frame scorer from."))
                        .ReadVerifiedAsync(reference.OnnxSha256, "The frame scorer's ONNX", ct);
                }
                catch (FileNotFoundException e)
                {
                    throw new FrameModelUnavailableException(e.Message);
                }
                scorer = Loaded(reference.OnnxSha256, () => new MilScorer(bytes, new MilModelMetadata(reference.ModelVersion,
                    reference.FeatureExtractorVersion, reference.Threshold, DateTimeOffset.MinValue, 0, 0, double.NaN), _options.ResNet18.Runtime));
            }
        }
        var features = _features.Value;
        return new FrameLabeller(features, new FramePseudoLabeler(features, scorer, new CamLocaliser(_options.Box)));
    }

    private MilScorer Loaded(string key, Func<MilScorer> load) => _scorers.GetOrAdd(key, _ => new Lazy<MilScorer>(load)).Value;

    public void Dispose()
    {
        if (!_owns) return;
        foreach (var lazy in _scorers.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        if (_features.IsValueCreated) _features.Value.Dispose();
    }
}

/// <summary>One frame scorer with the shared ResNet-18: decoded frames in, pseudo-labels out.</summary>
public sealed class FrameLabeller(ResNet18Features features, FramePseudoLabeler labeler)
{
    public string MilVersion => labeler.MilVersion;

    /// <summary>Labels decoded frames (the caller disposes them), in order.</summary>
    public IReadOnlyList<FramePseudoLabel> Label(IReadOnlyList<(string Source, Image<Rgb24> Image)> frames)
    {
        var prepared = new PreparedFrame[frames.Count];
        Parallel.For(0, frames.Count, i => prepared[i] = features.Preparer.Prepare(frames[i].Image, frames[i].Source));
        return labeler.LabelPrepared(prepared);
    }
}
