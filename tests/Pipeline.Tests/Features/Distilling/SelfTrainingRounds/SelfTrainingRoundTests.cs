using EndoKED.Pipeline.Features.Dashboards.ComparingRounds;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTraining;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTrainingRounds;

/// <summary>A ledger self-training round on a real ledger: what it appends, what it leaves alone, and how it fails.</summary>
public sealed class SelfTrainingRoundTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static string NewCentre() => "st-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Records the request as the admin's command does (the check, then the round's stream), and returns it.</summary>
    private async Task<SelfTrainingRoundRequested> RequestAsync(Guid? modelId, string centre, double minQuality = 0.5)
    {
        await using var session = ledger.Store.LightweightSession();
        var model = modelId is { } id ? await session.LoadAsync<ModelView>(id) : null;
        var latest = await session.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync();
        var (requested, refusal, _) = SelfTrainingRoundRequestCheck.Check(new SelfTrainingRoundRequest(modelId, minQuality, [centre]), model,
            new HashSet<string> { centre }, latest, "admin", DateTimeOffset.UtcNow);
        Assert.True(requested is not null, refusal?.Problem);
        session.Events.StartStream<SelfTrainingRoundView>(requested.RoundId, requested);
        await session.SaveChangesAsync();
        return requested;
    }

    private SelfTrainingRoundWorker Worker(IMaskRefiner refiner, IStudentPredictors students) =>
        new(ledger.Store, ledger.Files, () => refiner, new BoxFilterOptions(), students, TimeProvider.System);

    private async Task<IReadOnlyList<object>> StreamAsync(Guid id)
    {
        await using var query = ledger.Store.QuerySession();
        return [.. (await query.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    private async Task<SelfTrainingRoundView> ViewAsync(Guid id)
    {
        await using var query = ledger.Store.QuerySession();
        return (await query.LoadAsync<SelfTrainingRoundView>(id))!;
    }

    [Fact]
    public async Task A_passing_student_box_becomes_the_frames_next_proposal_with_the_rounds_provenance_and_a_failing_one_changes_nothing()
    {
        var centre = NewCentre();
        var images = await RoundFrames.IngestAsync(ledger, centre, 5, seed: 40);
        foreach (var image in images[..3]) await RoundFrames.ProposeAsync(ledger, image);
        await RoundFrames.ProposeAsync(ledger, images[3], refiner: "import:coco");                                   // an expert's mask: left alone
        await RoundFrames.ProposeAsync(ledger, images[4], rejection: nameof(BoxRejection.BelowProbabilityThreshold)); // called polyp-free
        var discs = new Dictionary<string, (int X, int Y, int R)?>
        {
            [await RoundFrames.KeyOfAsync(ledger, images[0])] = (40, 40, 10), // inside the earlier box: taken
            [await RoundFrames.KeyOfAsync(ledger, images[1])] = (80, 62, 8),  // elsewhere in the frame: refused
            [await RoundFrames.KeyOfAsync(ledger, images[3])] = (40, 40, 10),
            [await RoundFrames.KeyOfAsync(ledger, images[4])] = (40, 40, 10),
        };                                                                     // images[2]: the student predicts nothing
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 11);
        var before = new List<int>();
        foreach (var image in images) before.Add((await StreamAsync(image)).Count);
        var requested = await RequestAsync(model.ModelId, centre);

        await Worker(new BoxFillingRefiner(0.9), new FakeStudents(discs)).RunAsync(requested.RoundId);

        var provenance = $"round:{requested.Round};student:{model.OnnxSha256};box:student";
        var taken = Assert.IsType<MaskProposed>((await StreamAsync(images[0]))[^1]);
        Assert.Equal(provenance, taken.Provenance);
        Assert.Equal(provenance, taken.Actor);
        Assert.Equal(("box-fill", "1"), (taken.Refiner, taken.RefinerVersion));
        Assert.Equal(new FrameBox(30, 30, 51, 51), taken.Box);
        Assert.Equal(0.9, taken.Quality);
        Assert.Equal(before[0] + 1, (await StreamAsync(images[0])).Count);
        for (var i = 1; i < images.Count; i++)
            Assert.Equal(before[i], (await StreamAsync(images[i])).Count); // nothing of a refused or unconsidered frame changes

        var round = await StreamAsync(requested.RoundId);
        Assert.IsType<SelfTrainingRoundStarted>(round[1]);
        Assert.Equal(3, ((SelfTrainingRoundStarted)round[1]).Frames);
        Assert.Equal("box-fill:1", ((SelfTrainingRoundStarted)round[1]).Refiner);
        var outcomes = round.OfType<SelfTrainingFramesJudged>().SelectMany(j => j.Frames).ToDictionary(f => f.ImageId);
        Assert.Equal(images[..3].Order(), outcomes.Keys.Order());
        Assert.True(outcomes[images[0]].Taken);
        Assert.Equal(Pipeline.Features.Distilling.SelfTrainingOnFolders.StudentBoxRefusals.Elsewhere, outcomes[images[1]].Code);
        Assert.Contains("leaves the earlier box", outcomes[images[1]].Reason);
        Assert.Equal("box-refused:NoActivation", outcomes[images[2]].Code);
        var completed = Assert.IsType<SelfTrainingRoundCompleted>(round[^1]);
        Assert.Equal((3, 1, 2), (completed.FramesConsidered, completed.NewMasks, completed.Kept));
        Assert.Equal([new("box-elsewhere", 1), new("box-refused:NoActivation", 1)], completed.KeptReasons);

        var view = await ViewAsync(requested.RoundId);
        Assert.Equal(SelfTrainingRoundStatus.Completed, view.Status);
        Assert.Equal((3, 3, 1, 2), (view.FramesTotal, view.FramesConsidered, view.NewMasks, view.Kept));
        var counts = Assert.Single(view.CentreCounts);
        Assert.Equal((centre, 3, 1, 2), (counts.Centre, counts.Considered, counts.NewMasks, counts.Kept));
        Assert.Equal(completed.KeptReasons, view.KeptReasons);
        Assert.Equal(provenance, view.Provenance);
    }

    [Fact]
    public async Task A_re_delivered_round_judges_no_frame_twice_and_a_finished_round_does_nothing()
    {
        var centre = NewCentre();
        var images = await RoundFrames.IngestAsync(ledger, centre, 1, seed: 60);
        await RoundFrames.ProposeAsync(ledger, images[0]);
        var discs = new Dictionary<string, (int X, int Y, int R)?> { [await RoundFrames.KeyOfAsync(ledger, images[0])] = (40, 40, 10) };
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 12);
        var requested = await RequestAsync(model.ModelId, centre);
        var students = new FakeStudents(discs);

        await Worker(new BoxFillingRefiner(0.9), students).RunAsync(requested.RoundId);
        await Worker(new BoxFillingRefiner(0.9), students).RunAsync(requested.RoundId);

        Assert.Equal(1, students.Loaded);
        Assert.Single((await StreamAsync(images[0])).OfType<MaskProposed>(), m => m.Provenance.StartsWith("round:", StringComparison.Ordinal));
        Assert.Single((await StreamAsync(requested.RoundId)).OfType<SelfTrainingRoundCompleted>());
    }

    [Fact]
    public async Task A_mask_under_the_minimum_quality_is_not_taken_and_the_round_says_so()
    {
        var centre = NewCentre();
        var images = await RoundFrames.IngestAsync(ledger, centre, 1, seed: 70);
        await RoundFrames.ProposeAsync(ledger, images[0]);
        var discs = new Dictionary<string, (int X, int Y, int R)?> { [await RoundFrames.KeyOfAsync(ledger, images[0])] = (40, 40, 10) };
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 13);
        var requested = await RequestAsync(model.ModelId, centre, minQuality: 0.95);

        await Worker(new BoxFillingRefiner(0.9), new FakeStudents(discs)).RunAsync(requested.RoundId);

        var view = await ViewAsync(requested.RoundId);
        Assert.Equal((1, 0, 1), (view.FramesConsidered, view.NewMasks, view.Kept));
        SelfTrainingFrameOutcome frame;
        await using (var query = ledger.Store.QuerySession())
            frame = Assert.Single(await SelfTrainingRoundQueries.JudgedAsync(query, requested.RoundId, CancellationToken.None));
        Assert.Equal("low-quality", frame.Code);
        Assert.Equal(0.9, frame.Quality);
        Assert.DoesNotContain((await StreamAsync(images[0])).OfType<MaskProposed>(), m => m.Provenance.StartsWith("round:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_round_without_a_student_or_without_masks_fails_with_what_to_do()
    {
        var centre = NewCentre();
        await RoundFrames.IngestAsync(ledger, centre, 1, seed: 80); // ingested, never segmented
        var noStudent = await RequestAsync(null, centre);
        await Worker(new BoxFillingRefiner(0.9), new FakeStudents(new Dictionary<string, (int X, int Y, int R)?>())).RunAsync(noStudent.RoundId);
        var failed = await ViewAsync(noStudent.RoundId);
        Assert.Equal(SelfTrainingRoundStatus.Failed, failed.Status);
        Assert.Contains("train a student", failed.FailureReason);

        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 14);
        var noMasks = await RequestAsync(model.ModelId, centre);
        await Worker(new BoxFillingRefiner(0.9), new FakeStudents(new Dictionary<string, (int X, int Y, int R)?>())).RunAsync(noMasks.RoundId);
        var why = (await ViewAsync(noMasks.RoundId)).FailureReason;
        Assert.Contains("segment", why);
        Assert.Contains(centre, why);
        Assert.Equal(noStudent.Round + 1, noMasks.Round);
    }

    [Fact]
    public async Task A_refiner_that_cannot_load_fails_the_round_with_its_message_instead_of_leaving_it_open()
    {
        var centre = NewCentre();
        var images = await RoundFrames.IngestAsync(ledger, centre, 1, seed: 85);
        await RoundFrames.ProposeAsync(ledger, images[0]);
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 16);
        var requested = await RequestAsync(model.ModelId, centre);

        await new SelfTrainingRoundWorker(ledger.Store, ledger.Files, () => throw new InvalidOperationException("FrameLabels:Refiner is 'sam': no SAM files."),
            new BoxFilterOptions(), new FakeStudents(new Dictionary<string, (int X, int Y, int R)?>()), TimeProvider.System).RunAsync(requested.RoundId);

        var view = await ViewAsync(requested.RoundId);
        Assert.Equal(SelfTrainingRoundStatus.Failed, view.Status);
        Assert.Contains("no SAM files", view.FailureReason);
    }

    [Fact]
    public async Task A_real_small_student_runs_a_round_whose_counts_match_the_events_it_appended()
    {
        var centre = NewCentre();
        var images = await RoundFrames.IngestAsync(ledger, centre, 3, seed: 90);
        foreach (var image in images) await RoundFrames.ProposeAsync(ledger, image);
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 15);
        var requested = await RequestAsync(model.ModelId, centre);

        await Worker(new EmbeddedRefiner(), new OnnxStudentPredictors(new StudentProposerOptions { PreferCuda = false })).RunAsync(requested.RoundId);

        var view = await ViewAsync(requested.RoundId);
        Assert.True(view.Status == SelfTrainingRoundStatus.Completed, view.FailureReason);
        Assert.Equal(3, view.FramesConsidered);
        var appended = 0;
        foreach (var image in images)
            appended += (await StreamAsync(image)).OfType<MaskProposed>().Count(m => m.Provenance == view.Provenance);
        Assert.Equal(view.NewMasks, appended);
        Assert.Equal(view.Kept, view.KeptReasons.Sum(r => r.Frames));
        Assert.Equal(3, view.NewMasks + view.Kept);
    }

    [Fact]
    public void A_rounds_provenance_names_its_number_for_the_rounds_table_and_other_proposers_have_none()
    {
        Assert.Equal(7, SelfTrainingRoundProvenance.RoundOf(SelfTrainingRoundProvenance.Of(7, "abc")));
        Assert.Null(SelfTrainingRoundProvenance.RoundOf("student:abc"));
        Assert.Null(SelfTrainingRoundProvenance.RoundOf("embedded:1"));
        Assert.Null(SelfTrainingRoundProvenance.RoundOf("round:x;student:abc"));
        var stats = new ProposerStats { CentreId = "c", Proposer = SelfTrainingRoundProvenance.Of(2, "abc"), Refiner = "embedded", MasksProposed = 4, MaskQualitySum = 2 };
        var row = GetRounds.Figures(stats, new SelfTrainingRoundView { Round = 2, ModelVersion = "student-v" }, 2);
        Assert.Equal((2, RoundSources.SelfTraining, "student-v", 0.5), (row.Round, row.Source, row.ModelVersion, row.MeanQuality));
        Assert.Equal(RoundSources.Promotion, GetRounds.Figures(stats with { Proposer = "embedded:1" }, null).Source);
    }

    [Fact]
    public void A_request_is_refused_naming_the_field_at_fault_and_while_a_round_runs()
    {
        var student = new ModelView { Id = Guid.NewGuid(), ModelVersion = "s", OnnxSha256 = "sha" };
        var centres = new HashSet<string> { "a" };
        SelfTrainingRoundRefusal? Refusal(SelfTrainingRoundRequest r, ModelView? m = null, SelfTrainingRoundView? latest = null) =>
            SelfTrainingRoundRequestCheck.Check(r, m, centres, latest, "admin", DateTimeOffset.UtcNow).Refusal;

        Assert.Equal("minQuality", Refusal(new(MinQuality: 1.5))?.Field);
        Assert.Equal("minQuality", Refusal(new(MinQuality: double.NaN))?.Field);
        Assert.Equal("centres", Refusal(new(Centres: ["b"]))?.Field);
        Assert.Equal("modelId", Refusal(new(ModelId: Guid.NewGuid()))?.Field);
        Assert.Equal("modelId", Refusal(new(ModelId: student.Id), student with { Kind = "mil" })?.Field);
        var running = SelfTrainingRoundRequestCheck.Check(new(), student, centres, new SelfTrainingRoundView { Round = 3, Status = SelfTrainingRoundStatus.Running },
            "admin", DateTimeOffset.UtcNow);
        Assert.True(running.Conflict);
        var next = SelfTrainingRoundRequestCheck.Check(new(Centres: ["a"]), student, centres,
            new SelfTrainingRoundView { Round = 3, Status = SelfTrainingRoundStatus.Failed }, "admin", DateTimeOffset.UtcNow).Requested!;
        Assert.Equal((4, SelfTrainingRoundProvenance.StreamOf(4), 0.5), (next.Round, next.RoundId, next.MinQuality));
    }
}
