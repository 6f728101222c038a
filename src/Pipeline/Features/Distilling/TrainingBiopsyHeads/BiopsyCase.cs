using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>An examination with a biopsy label, its part and its frames' MIL probabilities (image key, probability).</summary>
public sealed record BiopsyExamination(
    string Key, string CentreId, SplitPart Part, bool Adenoma, IReadOnlyList<(string ImageKey, string Sha256, double Probability)> Frames)
{
    /// <summary>The <paramref name="k"/> highest-scoring frames (ties by key, so the choice is stable).</summary>
    public IReadOnlyList<(string ImageKey, string Sha256, double Probability)> Top(int k) =>
        [.. Frames.OrderByDescending(f => f.Probability).ThenBy(f => f.ImageKey, StringComparer.Ordinal).Take(k)];
}
