namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// How a split is drafted: which labels may enter, how frames are grouped and in what proportions the groups are dealt.
/// Bound from configuration section Training:Split; a frozen split records its rule beside its content hash.
/// </summary>
public sealed record SplitRule
{
    public IReadOnlyList<LabelOrigin> Origins { get; init; } = [LabelOrigin.Consensus, LabelOrigin.Adjudicated, LabelOrigin.Machine];

    /// <summary>Machine labels below this quality are left out (human labels are always kept).</summary>
    public double MinMachineQuality { get; init; } = 0.5;

    /// <summary>Only these centres; null or empty for every centre.</summary>
    public IReadOnlyList<string>? Centres { get; init; }

    /// <summary>Frames whose dHashes differ in at most this many bits are near duplicates and kept in one group.</summary>
    public int NearDuplicateDistance { get; init; } = 6;

    public double TrainFraction { get; init; } = 0.7;
    public double ValidationFraction { get; init; } = 0.15;
    public double TestFraction { get; init; } = 0.15;

    /// <summary>
    /// A whole centre kept out of training: every group touching it goes to test, and the other groups are dealt to
    /// train and validation in the ratio of their fractions (the test part then measures transfer to an unseen centre).
    /// </summary>
    public string? HoldOutCentre { get; init; }

    public int Seed { get; init; } = 17;

    public void Validate()
    {
        double[] fractions = [TrainFraction, ValidationFraction, TestFraction];
        if (fractions.Any(f => f < 0 || double.IsNaN(f)) || Math.Abs(fractions.Sum() - 1) > 1e-6)
            throw new ArgumentException($"Split fractions must be non-negative and sum to 1 (got {TrainFraction}, {ValidationFraction}, {TestFraction}).");
        if (NearDuplicateDistance is < 0 or > 64)
            throw new ArgumentException($"NearDuplicateDistance must be 0 to 64 (got {NearDuplicateDistance}).");
    }
}
