using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Agreement;

/// <summary>Mean Dice and IoU between proposed and final masks (pure), through <see cref="MaskMetrics"/>.</summary>
public static class MaskAgreement
{
    public static (int Pairs, double? MeanDice, double? MeanIoU) Mean(IEnumerable<(MaskRle Proposed, MaskRle Final)> pairs)
    {
        var scores = pairs
            .Where(p => p.Proposed.Width == p.Final.Width && p.Proposed.Height == p.Final.Height)
            .Select(p => MaskMetrics.Compute(p.Final.Decode(), p.Proposed.Decode()))
            .ToList();
        return scores.Count == 0 ? (0, null, null) : (scores.Count, scores.Average(s => s.Dice), scores.Average(s => s.IoU));
    }
}
