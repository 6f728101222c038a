namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// What the builder proposes: every kept frame's part (ordered by image id), the leakage check of that assignment, the
/// SHA-256 of its canonical manifest, and how many candidates each filter left out.
/// </summary>
public sealed record DraftedSplit(
    IReadOnlyList<SplitAssignment> Assignments,
    LeakageReport Leakage,
    string ContentHash,
    IReadOnlyDictionary<string, int> Excluded)
{
    public int Count(SplitPart part) => Assignments.Count(a => a.Part == part);

    public IEnumerable<SplitAssignment> In(SplitPart part) => Assignments.Where(a => a.Part == part);
}
