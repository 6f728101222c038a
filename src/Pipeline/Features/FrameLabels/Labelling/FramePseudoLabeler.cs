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
    BoxFilterOptions BoxOptions);

/// <summary>Frames in → ResNet-18 features → MIL probability → CAM box, in batches.</summary>
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
            var scored = LabelFeatures(features.Extract([.. readable.Select(i => prepared[i]!)]));
            var inOrder = new FramePseudoLabel?[chunk.Length];
            for (var k = 0; k < readable.Length; k++)
                inOrder[readable[k]] = scored[k];
            for (var i = 0; i < chunk.Length; i++)
                labels.Add(inOrder[i] ?? Unreadable(chunk[i], errors.GetValueOrDefault(i, "unreadable")));
        }
        return labels;
    }

    /// <summary>The same from features already extracted (kept for callers that cache them).</summary>
    public IReadOnlyList<FramePseudoLabel> LabelFeatures(IReadOnlyList<FrameFeatures> frames)
    {
        var scores = scorer.Score(frames);
        var threshold = scorer.Metadata.Threshold;
        return [.. frames.Select((f, i) =>
        {
            var s = scores[i];
            var polyp = s.Probability >= threshold;
            var box = polyp
                ? localiser.Localise(s.Cam, FrameFeatures.MapSide, f.Width, f.Height)
                : BoxResult.Refused(BoxRejection.BelowProbabilityThreshold, $"probability {s.Probability:F3} below {threshold:F2}");
            return new FramePseudoLabel(f.Source, f.Width, f.Height, s.Probability, polyp, box,
                features.Version, scorer.Version, localiser.Options);
        })];
    }

    private FramePseudoLabel Unreadable(string source, string reason) => new(source, 0, 0, null, false,
        BoxResult.Refused(BoxRejection.Unreadable, reason), features.Version, scorer.Version, localiser.Options);
}
