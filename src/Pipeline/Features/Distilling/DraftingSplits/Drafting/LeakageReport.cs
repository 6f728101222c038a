namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// Checks an assignment for the two ways a test score is inflated: one patient in two parts, and two near-duplicate
/// frames in two parts. Computed from the assignment itself, not trusted from how it was built. Both must be empty.
/// </summary>
public sealed record LeakageReport(IReadOnlyList<string> PatientsInSeveralParts, IReadOnlyList<(string A, string B)> NearDuplicatesAcrossParts)
{
    public bool IsClean => PatientsInSeveralParts.Count == 0 && NearDuplicatesAcrossParts.Count == 0;

    public static LeakageReport Check(IReadOnlyList<SplitAssignment> assignments, IReadOnlyList<SplitCandidate> candidates, int nearDuplicateDistance)
    {
        var partOf = assignments.ToDictionary(a => a.ImageId, a => a.Part, StringComparer.Ordinal);
        var patients = assignments.GroupBy(a => a.PatientKey, StringComparer.Ordinal)
            .Where(g => g.Select(a => a.Part).Distinct().Count() > 1)
            .Select(g => g.Key).Order(StringComparer.Ordinal).ToList();

        var kept = candidates.Where(c => partOf.ContainsKey(c.ImageId)).OrderBy(c => c.ImageId, StringComparer.Ordinal).ToList();
        var crossing = NearDuplicates.Pairs([.. kept.Select(c => c.PerceptualHash)], nearDuplicateDistance)
            .Where(p => partOf[kept[p.A].ImageId] != partOf[kept[p.B].ImageId])
            .Select(p => (kept[p.A].ImageId, kept[p.B].ImageId)).ToList();
        return new LeakageReport(patients, crossing);
    }
}
