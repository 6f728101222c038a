namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// Drafts a train/validation/test split (pure: same candidates and rule, same split, in any input order).
/// Frames are grouped so that a group never straddles two parts: same patient (within a centre), or near-duplicate
/// dHashes (which may join patients: the same scene filed twice). Groups of a held-out centre go to test; the rest are
/// dealt per stratum (the group's first centre and whether it holds a polyp frame), in a seeded shuffle, each to the
/// part furthest below its target share of that stratum's frames.
/// </summary>
public static class SplitBuilder
{
    public static DraftedSplit Build(IReadOnlyList<SplitCandidate> candidates, SplitRule rule)
    {
        rule.Validate();
        var (kept, excluded) = Filter(candidates, rule);
        var duplicateId = kept.GroupBy(c => c.ImageId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null) throw new ArgumentException($"Image '{duplicateId.Key}' is listed twice.", nameof(candidates));

        var sets = new UnionFind(kept.Count);
        var firstOfPatient = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < kept.Count; i++)
        {
            if (firstOfPatient.TryGetValue(kept[i].PatientKey, out var first)) sets.Union(first, i);
            else firstOfPatient[kept[i].PatientKey] = i;
        }
        foreach (var (a, b) in NearDuplicates.Pairs([.. kept.Select(c => c.PerceptualHash)], rule.NearDuplicateDistance))
            sets.Union(a, b);

        // Roots are the smallest member index, and members are in image-id order: group ids are canonical.
        var groups = Enumerable.Range(0, kept.Count).GroupBy(sets.Find).OrderBy(g => g.Key)
            .Select(g => g.ToList()).ToList();
        var parts = new SplitPart[kept.Count];
        var dealt = new List<List<int>>();
        foreach (var g in groups)
        {
            if (rule.HoldOutCentre is { } held && g.Any(i => kept[i].CentreId == held))
                foreach (var i in g) parts[i] = SplitPart.Test;
            else
                dealt.Add(g);
        }
        Deal(dealt, kept, rule, parts);

        var groupOf = new int[kept.Count];
        for (var g = 0; g < groups.Count; g++)
            foreach (var i in groups[g]) groupOf[i] = g;
        var assignments = kept.Select((c, i) => new SplitAssignment(c.ImageId, parts[i], c.CentreId, c.PatientKey, c.Polyp, groupOf[i])).ToList();
        return new DraftedSplit(assignments, LeakageReport.Check(assignments, kept, rule.NearDuplicateDistance),
            SplitManifest.Hash(assignments), excluded);
    }

    private static (List<SplitCandidate> Kept, Dictionary<string, int> Excluded) Filter(IReadOnlyList<SplitCandidate> candidates, SplitRule rule)
    {
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal) { ["origin"] = 0, ["machine quality"] = 0, ["centre"] = 0 };
        var kept = new List<SplitCandidate>();
        foreach (var c in candidates.OrderBy(c => c.ImageId, StringComparer.Ordinal))
        {
            if (!rule.Origins.Contains(c.Origin)) excluded["origin"]++;
            else if (c.Origin == LabelOrigin.Machine && c.Quality < rule.MinMachineQuality) excluded["machine quality"]++;
            else if (rule.Centres is { Count: > 0 } centres && !centres.Contains(c.CentreId)) excluded["centre"]++;
            else kept.Add(c);
        }
        return (kept, excluded);
    }

    private static void Deal(List<List<int>> groups, List<SplitCandidate> kept, SplitRule rule, SplitPart[] parts)
    {
        double[] share = rule.HoldOutCentre is null
            ? [rule.TrainFraction, rule.ValidationFraction, rule.TestFraction]
            : Renormalised(rule.TrainFraction, rule.ValidationFraction);
        var random = new Random(rule.Seed);
        var strata = groups.GroupBy(g => (kept[g[0]].CentreId, Polyp: g.Any(i => kept[i].Polyp)))
            .OrderBy(s => s.Key.CentreId, StringComparer.Ordinal).ThenBy(s => s.Key.Polyp);
        foreach (var stratum in strata)
        {
            var members = stratum.ToList();
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members));
            var total = members.Sum(g => g.Count);
            var filled = new double[3];
            foreach (var g in members)
            {
                var best = 0;
                for (var p = 1; p < 3; p++)
                    if ((share[p] * total) - filled[p] > (share[best] * total) - filled[best]) best = p;
                filled[best] += g.Count;
                foreach (var i in g) parts[i] = (SplitPart)best;
            }
        }
    }

    private static double[] Renormalised(double train, double validation) =>
        train + validation <= 0 ? [1, 0, 0] : [train / (train + validation), validation / (train + validation), 0];
}
