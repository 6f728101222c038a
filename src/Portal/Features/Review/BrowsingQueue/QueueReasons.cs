using System.Globalization;
using EndoKED.Pipeline.Features.Review;
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
}
