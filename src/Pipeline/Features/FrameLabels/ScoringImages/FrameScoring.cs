using EndoKED.Pipeline.Features.FrameLabels.Featurising;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.Scoring;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>
/// The models of the ScoreImages stage, loaded on first use (a host starts without a trained head, and the first
/// message says what is missing). A singleton: the ONNX sessions are thread-safe.
/// </summary>
public sealed class FrameScoring : IDisposable
{
    private readonly Lazy<(ResNet18Features Features, MilScorer Scorer, FramePseudoLabeler Labeler)> _models;
    private readonly BoxFilterOptions _box;
    private readonly bool _owns = true;

    public FrameScoring(FrameLabelOptions options)
    {
        _box = options.Box;
        _models = new(() =>
        {
            if (string.IsNullOrWhiteSpace(options.MilModelPath) || !File.Exists(options.MilModelPath))
                throw new FrameModelUnavailableException($"No MIL model at '{options.MilModelPath}': train one with './endoked train mil' " +
                    $"and set FrameLabels:MilModelPath (or ENDOKED_MIL_MODEL).");
            var features = new ResNet18Features(options.ResNet18);
            var scorer = new MilScorer(options.MilModelPath, options.ResNet18.Runtime);
            return (features, scorer, new FramePseudoLabeler(features, scorer, new CamLocaliser(options.Box)));
        });
    }

    /// <summary>Models built by the caller (tests, benchmarks); the caller keeps ownership.</summary>
    public FrameScoring(ResNet18Features features, MilScorer scorer, BoxFilterOptions box)
    {
        (_box, _owns) = (box, false);
        _models = new((features, scorer, new FramePseudoLabeler(features, scorer, new CamLocaliser(box))));
        _ = _models.Value;
    }

    public string MilVersion => _models.Value.Scorer.Version;

    /// <summary>The box rule and its settings, as ImageLocalised records it.</summary>
    public string Rule => $"cam-box-filter/v1 cam>={_box.CamThreshold} area {_box.MinAreaFraction:0.###}-{_box.MaxAreaFraction:0.###} " +
        $"components<{_box.RejectAtComponents} margin {_box.BorderMarginPixels}";

    /// <summary>Labels decoded frames (the caller disposes them), in order.</summary>
    public IReadOnlyList<FramePseudoLabel> Label(IReadOnlyList<(string Source, Image<Rgb24> Image)> frames)
    {
        var (features, _, labeler) = _models.Value;
        var prepared = new PreparedFrame[frames.Count];
        Parallel.For(0, frames.Count, i => prepared[i] = features.Preparer.Prepare(frames[i].Image, frames[i].Source));
        return labeler.LabelFeatures(features.Extract(prepared));
    }

    public void Dispose()
    {
        if (!_owns || !_models.IsValueCreated) return;
        _models.Value.Features.Dispose();
        _models.Value.Scorer.Dispose();
    }
}
