using System.Collections.Concurrent;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Mil;

namespace EndoKED.Pipeline.Features.FrameLabels.Labelling;

/// <summary>
/// One frame's machine label: polyp probability (null when unreadable), the box or why none was kept, and the versions
/// of the models that said so (every machine event names them).
/// </summary>
public sealed record FramePseudoLabel(
    string Source,
    int Width,
    int Height,
    double? Probability,
    bool IsPolyp,
    BoxResult Box,
    string FeatureExtractorVersion,
    string MilVersion,
    BoxFilterOptions BoxOptions,
    string LocaliserVersion);

/// <summary>
/// Frames in → ResNet-18 features → MIL probability → CAM box, in batches. The probability comes from the frame's one
/// pass; only frames called polyp are localised further, as the options say: the last stage again on that pass's
/// stage input (the 14x14 à trous map), and the mirrored frame through the network once more (with the same views).
/// </summary>
public sealed class FramePseudoLabeler(ResNet18Features features, MilScorer scorer, CamLocaliser localiser)
{
    public string FeatureExtractorVersion => features.Version;
    public string MilVersion => scorer.Version;

    public IReadOnlyList<FramePseudoLabel> Label(IReadOnlyList<string> framePaths, CancellationToken cancellationToken = default)
    {
        var labels = new List<FramePseudoLabel>(framePaths.Count);
        foreach (var chunk in framePaths.Chunk(Math.Max(1, features.BatchSize)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prepared = new PreparedFrame?[chunk.Length];
            var errors = new ConcurrentDictionary<int, string>();
            Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                prepared[i] = features.Preparer.TryPrepare(chunk[i], out var error);
                if (error is not null)
                    errors[i] = error;
            });
            var readable = Enumerable.Range(0, chunk.Length).Where(i => prepared[i] is not null).ToArray();
            var scored = LabelPrepared([.. readable.Select(i => prepared[i]!)]);
            var inOrder = new FramePseudoLabel?[chunk.Length];
            for (var k = 0; k < readable.Length; k++)
                inOrder[readable[k]] = scored[k];
            for (var i = 0; i < chunk.Length; i++)
                labels.Add(inOrder[i] ?? Unreadable(chunk[i], errors.GetValueOrDefault(i, "unreadable")));
        }
        return labels;
    }

    /// <summary>Frames already decoded and prepared for the network, in order.</summary>
    public IReadOnlyList<FramePseudoLabel> LabelPrepared(IReadOnlyList<PreparedFrame> frames)
    {
        var (fine, flip) = (localiser.Options.FineMap, localiser.Options.Flip);
        var passes = features.ExtractWithStageInput(frames, stageInput: fine);
        var scores = scorer.Score([.. passes.Select(p => p.Features)]);
        var polyp = Enumerable.Range(0, frames.Count).Where(i => scores[i].Probability >= scorer.Metadata.Threshold).ToArray();
        var layers = new List<CamLayer>[frames.Count];
        foreach (var i in polyp)
            layers[i] = [CamLayer.Coarse(scores[i].Cam)];
        if (fine && polyp.Length > 0)
            AddFine(polyp, [.. polyp.Select(i => passes[i])], layers, mirrored: false);
        if (flip && polyp.Length > 0)
        {
            var mirrored = features.ExtractWithStageInput([.. polyp.Select(i => frames[i].Mirrored())], stageInput: fine);
            for (var k = 0; k < polyp.Length; k++)
                layers[polyp[k]].Add(CamLayer.Coarse(scorer.Cam(mirrored[k].Features.FeatureMap, FrameFeatures.MapSide), mirrored: true));
            if (fine)
                AddFine(polyp, mirrored, layers, mirrored: true);
        }
        return Decide([.. passes.Select(p => p.Features)], scores, layers, localiser.Version);
    }

    /// <summary>The same from features already extracted (callers that cache them): the 7x7 CAM alone, so recorded.</summary>
    public IReadOnlyList<FramePseudoLabel> LabelFeatures(IReadOnlyList<FrameFeatures> frames)
    {
        var scores = scorer.Score(frames);
        var layers = scores.Select(s => new List<CamLayer> { CamLayer.Coarse(s.Cam) }).ToArray();
        return Decide(frames, scores, layers, localiser.CoarseVersion);
    }

    private void AddFine(int[] polyp, IReadOnlyList<(FrameFeatures Features, float[]? StageInput)> passes, List<CamLayer>[] layers, bool mirrored)
    {
        var maps = features.FineMaps([.. passes.Select(p => p.StageInput!)], [.. passes.Select(p => p.Features.FeatureMap)]);
        for (var k = 0; k < polyp.Length; k++)
            layers[polyp[k]].Add(CamLayer.Fine(scorer.Cam(maps[k], ResNet18Features.FineMapSide), mirrored));
    }

    private List<FramePseudoLabel> Decide(IReadOnlyList<FrameFeatures> frames, IReadOnlyList<FrameScore> scores,
        IReadOnlyList<List<CamLayer>?> layers, string localiserVersion)
    {
        var threshold = scorer.Metadata.Threshold;
        return [.. frames.Select((f, i) =>
        {
            var s = scores[i];
            var polyp = s.Probability >= threshold;
            var box = polyp
                ? localiser.Localise(layers[i]!, f.Width, f.Height)
                : BoxResult.Refused(BoxRejection.BelowProbabilityThreshold, $"probability {s.Probability:F3} below {threshold:F2}");
            return new FramePseudoLabel(f.Source, f.Width, f.Height, s.Probability, polyp, box,
                features.Version, scorer.Version, localiser.Options, localiserVersion);
        })];
    }

    private FramePseudoLabel Unreadable(string source, string reason) => new(source, 0, 0, null, false,
        BoxResult.Refused(BoxRejection.Unreadable, reason), features.Version, scorer.Version, localiser.Options, localiser.Version);
}
