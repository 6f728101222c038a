using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Metrics;

namespace EndoKED.Pipeline.Models.Student.Evaluating;

/// <summary>Mean Dice, IoU, precision, recall and HD95 (pixels, at each frame's own size) of one centre's frames.</summary>
public sealed record CentreScores(string Centre, int Frames, MaskScores Mean);

/// <summary>Scores a served student on test samples with <see cref="MaskMetrics"/>, per centre (ordinal order).</summary>
public static class CentreEvaluation
{
    public static IReadOnlyList<CentreScores> Evaluate(StudentSegmenter segmenter, IReadOnlyList<SegmentationSample> samples, CancellationToken ct = default)
    {
        var loader = new FrameLoader();
        var scored = new (string Centre, MaskScores Scores)[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var s = samples[i];
            var loaded = loader.LoadFile(s.ImagePath);
            using var frame = loaded.Frame ?? throw new InvalidDataException($"{s.ImagePath}: {loaded.Rejection}");
            var (gold, rejection) = loader.LoadMask(s.MaskPath);
            if (gold is null) throw new InvalidDataException($"{s.MaskPath}: {rejection}");
            scored[i] = (s.Centre, MaskMetrics.Compute(gold, segmenter.Segment(frame)));
        });
        return [.. scored.GroupBy(x => x.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CentreScores(g.Key, g.Count(), MaskScores.Mean([.. g.Select(x => x.Scores)])))];
    }
}
