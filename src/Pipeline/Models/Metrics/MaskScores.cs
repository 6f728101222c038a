namespace EndoKED.Pipeline.Models.Metrics;

/// <summary>Agreement between a predicted and a gold mask of one frame. HD95 is in pixels.</summary>
public sealed record MaskScores(double Dice, double IoU, double Precision, double Recall, double Hd95)
{
    /// <summary>The mean of each score over several frames (NaN when there are none).</summary>
    public static MaskScores Mean(IReadOnlyCollection<MaskScores> scores) => scores.Count == 0
        ? new MaskScores(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
        : new MaskScores(
            scores.Average(s => s.Dice),
            scores.Average(s => s.IoU),
            scores.Average(s => s.Precision),
            scores.Average(s => s.Recall),
            scores.Average(s => s.Hd95));
}
