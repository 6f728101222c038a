using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.CrossChecking;

/// <summary>
/// One examination as the report-versus-frames cross-check sees it: its label and the latest score of each of its
/// frames, folded from the examination stream and its image streams. Holds no threshold: the queue applies
/// <see cref="ReviewOptions"/> when it reads, so changing a threshold needs no rebuild.
/// </summary>
public sealed record CrossCheckItem
{
    /// <summary>The examination.</summary>
    public Guid Id { get; init; }
    public string CentreId { get; init; } = "";

    /// <summary>The final label once there is one, else the machines' latest proposal.</summary>
    public PolypLabel? Label { get; init; }
    public ReviewStage Stage { get; init; }

    /// <summary>Frames ingested for the examination.</summary>
    public int Frames { get; init; }

    /// <summary>The latest probability of each scored frame.</summary>
    public IReadOnlyList<FrameScore> Scores { get; init; } = [];
    public int FramesScored { get; init; }
    public bool AllScored { get; init; }
    public double MaxProbability { get; init; }

    /// <summary>How strongly the frames contradict the label, in [0, 1] (<see cref="CrossCheckRule.Discrepancy"/>).</summary>
    public double Discrepancy { get; init; }

    /// <summary>Readers with a standing vote on the examination's label.</summary>
    public IReadOnlyList<string> Voters { get; init; } = [];
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A frame's latest polyp probability.</summary>
public sealed record FrameScore(Guid ImageId, double Probability);

/// <summary>Which way the report and the frames disagree.</summary>
public enum CrossCheckDirection
{
    /// <summary>They agree, or too little is known yet.</summary>
    None,

    /// <summary>The report says polyp, but every frame is scored and none scores high.</summary>
    PolypInReportNotInFrames,

    /// <summary>The report says no polyp, but a frame scores high.</summary>
    PolypInFramesNotInReport,
}

/// <summary>What a queue row says about the disagreement.</summary>
public sealed record CrossCheckFinding(CrossCheckDirection Direction, double MaxProbability, int FramesScored, int Frames, double Discrepancy);

/// <summary>The cross-check's rules (pure); the queue's database filter states the same rule as a query.</summary>
public static class CrossCheckRule
{
    /// <summary>
    /// A report that says polyp against its best frame (1 − max), a report that says no polyp against its best frame
    /// (max); nothing without a label or a scored frame. The larger, the more useful to look at first.
    /// </summary>
    public static double Discrepancy(PolypLabel? label, double maxProbability, int framesScored) =>
        framesScored == 0 ? 0 : label switch
        {
            PolypLabel.Present => 1 - maxProbability,
            PolypLabel.Absent => maxProbability,
            _ => 0,
        };

    public static CrossCheckDirection Direction(CrossCheckItem item, ReviewOptions options) =>
        item.Label == PolypLabel.Present && item.AllScored && item.MaxProbability < options.CrossCheckPolypBelow
            ? CrossCheckDirection.PolypInReportNotInFrames
            : item.Label == PolypLabel.Absent && item.FramesScored > 0 && item.MaxProbability >= options.CrossCheckNoPolypFrom
                ? CrossCheckDirection.PolypInFramesNotInReport
                : CrossCheckDirection.None;

    public static CrossCheckFinding Finding(CrossCheckItem item, ReviewOptions options) =>
        new(Direction(item, options), item.MaxProbability, item.FramesScored, item.Frames, item.Discrepancy);

    /// <summary>Folds a frame's new score in: its earlier score is replaced, and the summary figures follow.</summary>
    public static CrossCheckItem WithScore(CrossCheckItem item, Guid imageId, double probability) =>
        Summarised(item with { Scores = [.. item.Scores.Where(s => s.ImageId != imageId), new FrameScore(imageId, probability)] });

    public static CrossCheckItem Summarised(CrossCheckItem item)
    {
        var max = item.Scores.Count == 0 ? 0 : item.Scores.Max(s => s.Probability);
        return item with
        {
            FramesScored = item.Scores.Count,
            AllScored = item.Frames > 0 && item.Scores.Count >= item.Frames,
            MaxProbability = max,
            Discrepancy = Discrepancy(item.Label, max, item.Scores.Count),
        };
    }
}
