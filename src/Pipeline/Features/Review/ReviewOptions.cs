namespace EndoKED.Pipeline.Features.Review;

/// <summary>The named consensus policies; <see cref="Custom"/> takes its numbers from <see cref="ReviewOptions"/>.</summary>
public enum ConsensusPolicyKind
{
    /// <summary>Final as soon as two standing votes agree; three readers without two agreeing go to a Lead.</summary>
    TwoAgreeing,

    /// <summary>Wait for three readers; two of the three agreeing is final, otherwise a Lead decides.</summary>
    MajorityOfThree,

    /// <summary><see cref="ReviewOptions.Readers"/>, <see cref="ReviewOptions.Agreeing"/> and <see cref="ReviewOptions.StopEarly"/>.</summary>
    Custom,
}

/// <summary>The project's review rules, bound from <c>EndoKED:Review</c>.</summary>
public sealed class ReviewOptions
{
    public const string Section = "EndoKED:Review";

    public ConsensusPolicyKind Policy { get; set; } = ConsensusPolicyKind.TwoAgreeing;

    /// <summary>Custom policy: how many readers at most before a Lead decides.</summary>
    public int Readers { get; set; } = 3;

    /// <summary>Custom policy: how many agreeing standing votes make a label final.</summary>
    public int Agreeing { get; set; } = 2;

    /// <summary>Custom policy: final as soon as enough agree (true), or only once all readers voted (false).</summary>
    public bool StopEarly { get; set; } = true;

    /// <summary>Two corrected masks agree when their IoU reaches this.</summary>
    public double MaskAgreementIoU { get; set; } = 0.8;

    /// <summary>How long a claim (soft lock) holds an item for its reader.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Cross-check: a report that says polyp is contradicted when every frame is scored and all score below this.</summary>
    public double CrossCheckPolypBelow { get; set; } = 0.5;

    /// <summary>Cross-check: a report that says no polyp is contradicted when some frame scores this or more.</summary>
    public double CrossCheckNoPolypFrom { get; set; } = 0.8;

    /// <summary>Cross-check: how many of the examination's frames, highest probability first, a reviewer is shown.</summary>
    public int CrossCheckTopFrames { get; set; } = 6;

    /// <summary>Masks of a model (refiner and version) come first in the mask queue until this many of them have a final label.</summary>
    public int NewModelReviews { get; set; } = 20;

    /// <summary>The policy in force.</summary>
    public ConsensusPolicy ConsensusPolicy => Policy switch
    {
        ConsensusPolicyKind.TwoAgreeing => ConsensusPolicy.TwoAgreeing,
        ConsensusPolicyKind.MajorityOfThree => ConsensusPolicy.MajorityOfThree,
        _ => new ConsensusPolicy("custom", Math.Max(2, Readers), Math.Clamp(Agreeing, 1, Math.Max(2, Readers)), StopEarly),
    };
}

/// <summary>
/// When a set of standing votes becomes a final label: <paramref name="Agreeing"/> agreeing votes, looked at as soon as
/// they exist (<paramref name="StopEarly"/>) or only once <paramref name="Readers"/> readers voted; with
/// <paramref name="Readers"/> readers and no unique group of <paramref name="Agreeing"/>, a Lead decides.
/// </summary>
public sealed record ConsensusPolicy(string Name, int Readers, int Agreeing, bool StopEarly)
{
    public static readonly ConsensusPolicy TwoAgreeing = new("two-agreeing", 3, 2, true);
    public static readonly ConsensusPolicy MajorityOfThree = new("majority-of-three", 3, 2, false);

    /// <summary>The actor named by the events this policy produces.</summary>
    public string Actor => "consensus:" + Name;
}
