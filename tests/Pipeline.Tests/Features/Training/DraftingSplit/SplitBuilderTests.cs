using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

namespace EndoKED.Pipeline.Tests.Features.Training.DraftingSplit;

public sealed class SplitBuilderTests
{
    /// <summary>Three centres, 60 patients of 1-4 frames; hashes far apart (random) unless a test sets them close.</summary>
    private static List<SplitCandidate> Candidates(int seed = 1, int patients = 60)
    {
        var random = new Random(seed);
        var list = new List<SplitCandidate>();
        for (var p = 0; p < patients; p++)
        {
            var centre = $"centre-{(char)('a' + (p % 3))}";
            var polyp = random.NextDouble() < 0.5;
            for (var f = 0; f < 1 + random.Next(4); f++)
                list.Add(new SplitCandidate($"img-{p:000}-{f}", $"exam-{p:000}", $"P{p / 3:000}", centre, polyp,
                    (LabelOrigin)(f % 3), 0.4 + (random.NextDouble() * 0.6), (ulong)random.NextInt64()));
        }
        return list;
    }

    private static readonly SplitRule All = new() { MinMachineQuality = 0 };

    [Fact]
    public void No_patient_has_frames_in_two_parts()
    {
        var split = SplitBuilder.Build(Candidates(), All);

        Assert.All(split.Assignments.GroupBy(a => a.PatientKey), g => Assert.Single(g.Select(a => a.Part).Distinct()));
        Assert.Empty(split.Leakage.PatientsInSeveralParts);
        Assert.True(split.Count(SplitPart.Test) > 0 && split.Count(SplitPart.Validation) > 0);
    }

    [Fact]
    public void The_same_pseudonym_in_two_centres_is_two_patients()
    {
        var split = SplitBuilder.Build(Candidates(), All);

        Assert.Contains(split.Assignments, a => a.PatientKey == "centre-a/P000");
        Assert.Contains(split.Assignments, a => a.PatientKey == "centre-b/P000");
    }

    [Fact]
    public void Near_duplicate_frames_of_different_patients_stay_in_one_part()
    {
        var candidates = Candidates();
        const ulong scene = 0xF0F0_1234_5678_9ABCUL;
        // Ten patients each filed a frame of the same scene, 0-3 bits apart: one group, one part.
        for (var i = 0; i < 10; i++)
        {
            var c = candidates.First(x => x.ImageId == $"img-{i * 5:000}-0");
            candidates[candidates.IndexOf(c)] = c with { PerceptualHash = scene ^ ((1UL << (i % 4)) - 1) };
        }

        var split = SplitBuilder.Build(candidates, All);

        var parts = split.Assignments.Where(a => Enumerable.Range(0, 10).Any(i => a.ImageId == $"img-{i * 5:000}-0")).Select(a => a.Part).Distinct();
        Assert.Single(parts);
        Assert.True(split.Leakage.IsClean);
    }

    [Fact]
    public void The_split_and_its_hash_do_not_depend_on_input_order()
    {
        var candidates = Candidates();
        var shuffled = candidates.OrderBy(_ => Guid.NewGuid()).ToList();

        var a = SplitBuilder.Build(candidates, All);
        var b = SplitBuilder.Build(shuffled, All);

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(a.Assignments, b.Assignments);
        Assert.NotEqual(a.ContentHash, SplitBuilder.Build(candidates, All with { Seed = 99 }).ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", a.ContentHash);
    }

    [Fact]
    public void A_held_out_centre_appears_only_in_test_and_test_holds_only_it()
    {
        var split = SplitBuilder.Build(Candidates(), All with { HoldOutCentre = "centre-c" });

        Assert.All(split.Assignments.Where(a => a.CentreId == "centre-c"), a => Assert.Equal(SplitPart.Test, a.Part));
        Assert.All(split.In(SplitPart.Test), a => Assert.Equal("centre-c", a.CentreId));
        Assert.True(split.Count(SplitPart.Validation) > 0);
    }

    [Fact]
    public void Each_centre_and_label_stratum_is_dealt_close_to_the_fractions()
    {
        var many = Candidates(seed: 2, patients: 600);

        var split = SplitBuilder.Build(many, All);

        foreach (var stratum in split.Assignments.GroupBy(a => (a.CentreId, a.Polyp)))
        {
            var n = (double)stratum.Count();
            Assert.InRange(stratum.Count(a => a.Part == SplitPart.Train) / n, 0.65, 0.75);
            Assert.InRange(stratum.Count(a => a.Part == SplitPart.Validation) / n, 0.11, 0.19);
            Assert.InRange(stratum.Count(a => a.Part == SplitPart.Test) / n, 0.11, 0.19);
        }
    }

    [Fact]
    public void Filters_leave_out_origins_low_quality_machine_labels_and_other_centres_and_count_them()
    {
        var candidates = Candidates();
        var rule = new SplitRule
        {
            Origins = [LabelOrigin.Consensus, LabelOrigin.Machine],
            MinMachineQuality = 0.7,
            Centres = ["centre-a", "centre-b"],
        };

        var split = SplitBuilder.Build(candidates, rule);

        var kept = split.Assignments.Select(a => candidates.Single(c => c.ImageId == a.ImageId)).ToList();
        Assert.DoesNotContain(kept, c => c.Origin == LabelOrigin.Adjudicated);
        Assert.DoesNotContain(kept, c => c.Origin == LabelOrigin.Machine && c.Quality < 0.7);
        Assert.DoesNotContain(kept, c => c.CentreId == "centre-c");
        Assert.Equal(candidates.Count, kept.Count + split.Excluded.Values.Sum());
        Assert.True(split.Excluded["origin"] > 0 && split.Excluded["machine quality"] > 0 && split.Excluded["centre"] > 0);
    }

    [Fact]
    public void The_leakage_check_reports_a_hand_made_assignment_that_leaks()
    {
        var candidates = Candidates().Take(6).ToList();
        candidates[5] = candidates[5] with { PerceptualHash = candidates[0].PerceptualHash ^ 1 };
        var leaking = candidates.Select((c, i) => new SplitAssignment(c.ImageId, i % 2 == 0 ? SplitPart.Train : SplitPart.Test, c.CentreId, "centre-a/SAME", c.Polyp, i)).ToList();

        var report = LeakageReport.Check(leaking, candidates, 6);

        Assert.Equal(["centre-a/SAME"], report.PatientsInSeveralParts);
        Assert.Contains((candidates[0].ImageId, candidates[5].ImageId), report.NearDuplicatesAcrossParts);
        Assert.False(report.IsClean);
    }

    [Fact]
    public void Fractions_that_do_not_sum_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SplitBuilder.Build([], new SplitRule { TrainFraction = 0.9 }));
    }
}
