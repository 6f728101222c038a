using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.TrainingStudents;

/// <summary>Scores the served student on the test frames, one frame in memory at a time, per centre (ordinal order).</summary>
public static class TestEvaluation
{
    public static async Task<IReadOnlyList<CentreMetrics>> EvaluateAsync(
        StudentSegmenter segmenter, IFileStore files, IReadOnlyList<LabelledFrame> test, CancellationToken ct = default)
    {
        var scored = new List<(string Centre, MaskScores Scores)>(test.Count);
        foreach (var f in test)
        {
            using var frame = await StoredFrames.LoadAsync(files, f.Sha256, ct);
            scored.Add((f.CentreId, MaskMetrics.Compute(f.Mask.Decode(), segmenter.Segment(frame))));
        }
        return [.. scored.GroupBy(x => x.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var mean = MaskScores.Mean([.. g.Select(x => x.Scores)]);
            return new CentreMetrics(g.Key, g.Count(), mean.Dice, mean.IoU, double.IsFinite(mean.Hd95) ? mean.Hd95 : null);
        })];
    }
}
