using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Distilling.TrainingFrameScorers;

public class MilBagPlannerTests
{
    private static readonly MilConfiguration Settings = new(10, 1e-3, 4, 17, 0.5, 0.8, 0.25, false);

    private static MilExamination Machine(string centre, string patient, PolypLabel label, double confidence = 0.95, bool needsReview = false, int frames = 5) =>
        new(Guid.NewGuid(), centre, patient, frames, false, null, label, confidence, needsReview);

    private static MilExamination Final(string centre, string patient, PolypLabel? final, PolypLabel machine = PolypLabel.Undecided) =>
        new(Guid.NewGuid(), centre, patient, 5, true, final, machine, 0.3, true);

    /// <summary>Twelve patients in each of two centres, half with polyps, each with one machine-labelled examination.</summary>
    private static List<MilExamination> Cohort() =>
        [.. from centre in new[] { "a", "b" } from p in Enumerable.Range(0, 12)
            select Machine(centre, $"p{p}", p % 2 == 0 ? PolypLabel.Present : PolypLabel.Absent)];

    [Fact]
    public void A_final_label_wins_over_the_machine_and_a_confident_machine_label_trains_when_no_review_waits()
    {
        var exams = Cohort();
        var overruled = Final("a", "p-final", PolypLabel.Absent, machine: PolypLabel.Present);
        var (plan, problem) = MilBagPlanner.Plan([.. exams, overruled], Settings);
        Assert.Null(problem);
        var bag = Assert.Single(plan!.Bags, b => b.ExaminationId == overruled.Id);
        Assert.Equal((false, MilBagPlanner.Readers), (bag.Positive, bag.Origin));
        Assert.All(plan.Bags.Where(b => b.ExaminationId != overruled.Id), b => Assert.Equal(MilBagPlanner.Machine, b.Origin));
        var a = Assert.Single(plan.Counts, c => c.Centre == "a");
        Assert.Equal((1, 12, 6, 7), (a.FromReaders, a.FromMachine, a.Positive, a.Negative));
        Assert.Contains("confidence ≥ 0.8", plan.LabelRule);
    }

    [Fact]
    public void Undecided_unsure_waiting_rejected_and_frameless_examinations_are_left_out_with_their_reasons()
    {
        var left = new[]
        {
            Machine("a", "x1", PolypLabel.Undecided),
            Machine("a", "x2", PolypLabel.Present, confidence: 0.6),
            Machine("a", "x3", PolypLabel.Present, needsReview: true),
            Final("a", "x4", null),
            Machine("a", "x5", PolypLabel.Absent, frames: 0),
            new MilExamination(Guid.NewGuid(), "a", "x6", 3, false, null, null, 0, false),
        };
        var (plan, _) = MilBagPlanner.Plan([.. Cohort(), .. left], Settings);
        Assert.DoesNotContain(plan!.Bags, b => left.Any(l => l.Id == b.ExaminationId));
        var excluded = Assert.Single(plan.Counts, c => c.Centre == "a").Excluded;
        Assert.Equal(1, excluded["undecided"]);
        Assert.Equal(1, excluded["confidence below the threshold"]);
        Assert.Equal(1, excluded["waiting for review"]);
        Assert.Equal(1, excluded["final answer gave no label"]);
        Assert.Equal(1, excluded["no frames"]);
        Assert.Equal(1, excluded["report not read yet"]);
    }

    [Fact]
    public void The_draw_puts_every_patient_in_one_part_and_a_share_of_each_centres_patients_in_validation()
    {
        // Each patient has two examinations, of either label: they must never straddle train and validation.
        var exams = Cohort().SelectMany(e => new[] { e, Machine(e.CentreId, e.PatientId, PolypLabel.Absent) }).ToList();
        var (plan, problem) = MilBagPlanner.Plan(exams, Settings);
        Assert.Null(problem);
        Assert.All(plan!.Bags.GroupBy(b => b.PatientKey), g => Assert.Single(g.Select(b => b.Part).Distinct()));
        foreach (var centre in new[] { "a", "b" })
            Assert.Equal(3, plan.Bags.Where(b => b.Centre == centre && b.Part == SplitPart.Validation).Select(b => b.PatientKey).Distinct().Count());
        Assert.Contains("seed 17", plan.Grouping);
        // The same seed draws the same patients; another seed another draw.
        Assert.Equal(plan.Bags.Select(b => b.Part), MilBagPlanner.Plan(exams, Settings).Plan!.Bags.Select(b => b.Part));
        Assert.NotEqual(plan.Bags.Select(b => b.Part), MilBagPlanner.Plan(exams, Settings with { Seed = 99 }).Plan!.Bags.Select(b => b.Part));
    }

    [Fact]
    public void A_split_places_patients_as_it_says_its_test_part_validates_and_a_patient_outside_it_is_left_out()
    {
        var exams = Cohort();
        var parts = exams.Select(e => e.PatientKey).Distinct().Select((p, i) => (p, i))
            .Where(x => x.i != 0).ToDictionary(x => x.p, x => x.i % 4 == 1 ? SplitPart.Test : x.i % 4 == 2 ? SplitPart.Validation : SplitPart.Train);
        var (plan, problem) = MilBagPlanner.Plan(exams, Settings, parts, "frozen-1");
        Assert.Null(problem);
        Assert.All(plan!.Bags, b => Assert.Equal(parts[b.PatientKey], b.Part));
        Assert.Contains(plan.Validation, b => parts[b.PatientKey] == SplitPart.Test);
        Assert.Equal(1, plan.Counts.Sum(c => c.Excluded.GetValueOrDefault("patient not in the split")));
        Assert.Contains("frozen-1", plan.Grouping);
    }

    [Fact]
    public void Labels_of_one_class_only_are_refused_with_what_to_change()
    {
        var (plan, problem) = MilBagPlanner.Plan([.. Enumerable.Range(0, 8).Select(p => Machine("a", $"p{p}", PolypLabel.Present))], Settings);
        Assert.Null(plan);
        Assert.Contains("all polyp (", problem);
        Assert.Contains("with and without polyps", problem);
    }

    [Fact]
    public void A_split_whose_validation_part_holds_no_examination_is_refused()
    {
        var exams = Cohort();
        var (plan, problem) = MilBagPlanner.Plan(exams, Settings, exams.ToDictionary(e => e.PatientKey, _ => SplitPart.Train), "all-train");
        Assert.Null(plan);
        Assert.Contains("validation part holds no examination", problem);
    }

    [Fact]
    public void Nothing_usable_says_why_and_an_empty_ledger_says_to_ingest()
    {
        Assert.Contains("ingest records first", MilBagPlanner.Plan([], Settings).Problem);
        var (_, problem) = MilBagPlanner.Plan([Machine("a", "p", PolypLabel.Undecided), Machine("a", "q", PolypLabel.Present, frames: 0)], Settings);
        Assert.Contains("1 undecided", problem);
        Assert.Contains("1 no frames", problem);
    }

    [Fact]
    public void The_manifest_reads_back_as_written()
    {
        var (plan, _) = MilBagPlanner.Plan(Cohort(), Settings);
        var text = MilBagPlanner.Manifest(plan!.Bags);
        Assert.Equal(plan.Bags.OrderBy(b => b.ExaminationId), MilBagPlanner.ParseManifest(text));
    }
}
