using System.Globalization;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.BrowsingQueue;

/// <summary>Why an item is in a queue, in words a reader scans (pure).</summary>
public static class QueueReasons
{
    public const double LowConfidence = 0.6;
    public const double LowMaskQuality = 0.7;

    public static IReadOnlyList<string> Of(ReviewQueueItem item)
    {
        var reasons = new List<string>();
        if (item.CrossCheck is { } check) reasons.Add(CrossCheck(check));
        if (item.NewModel is { } model) reasons.Add("new model: " + ModelName(model));
        if (item.Stage == ReviewStage.Adjudication) reasons.Add($"readers disagree ({item.Voters.Count} votes)");
        if (item.Kind == ReviewItemKind.Examination)
        {
            if (item.Disagreements > 0) reasons.Add(item.Disagreements == 1 ? "1 extractor disagreement" : $"{item.Disagreements} extractor disagreements");
            if (item.ProposedLabel == PolypLabel.Undecided) reasons.Add("label undecided");
            if (item.Confidence is { } c && c < LowConfidence) reasons.Add("low confidence " + c.ToString("0.00", CultureInfo.InvariantCulture));
            if (item.NeedsReview && reasons.Count == 0) reasons.Add("flagged for review");
        }
        else if (item.MaskQuality is { } q && q < LowMaskQuality)
        {
            reasons.Add("low mask quality " + q.ToString("0.00", CultureInfo.InvariantCulture));
        }

        if (reasons.Count == 0) reasons.Add(item.Kind == ReviewItemKind.Image ? "mask to confirm" : "label to confirm");
        return reasons;
    }

    public static string CrossCheck(CrossCheckFinding check) => check.Direction == CrossCheckDirection.PolypInReportNotInFrames
        ? $"report says polyp, no frame does (best {P(check.MaxProbability)} of {check.FramesScored} frames)"
        : $"report says no polyp, a frame scores {P(check.MaxProbability)}";

    /// <summary><c>refiner:version</c> as a reader scans it: <c>sam 1a2b3c</c>; a structured provenance (a round's, a
    /// student's, a CAM-seeded mask's) as the proposer column words it, its hash cut to 8 characters.</summary>
    public static string ModelName(string provenance) =>
        provenance.Contains(';', StringComparison.Ordinal) || provenance.StartsWith("student:", StringComparison.Ordinal)
            ? ReviewQueuePage.Proposer(provenance)
            : provenance.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? $"{provenance[..i]} {provenance[(i + 1)..]}" : provenance;

    private static string P(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);
}
