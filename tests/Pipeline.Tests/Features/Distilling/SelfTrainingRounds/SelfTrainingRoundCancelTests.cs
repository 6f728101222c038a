using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTrainingRounds;

/// <summary>An admin's cancel of a ledger round: where the worker stops, what stays, and what a cancelled round still allows.</summary>
public sealed class SelfTrainingRoundCancelTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly AccessScope Admin = AccessScope.All("cancel-admin");

    private SelfTrainingRoundCommands Commands => new(ledger.Store, null!, TimeProvider.System);

    private async Task<SelfTrainingRoundRequested> RequestAsync(Guid modelId, string centre)
    {
        await using var session = ledger.Store.LightweightSession();
        var model = await session.LoadAsync<ModelView>(modelId);
        var latest = await session.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync();
        var (requested, refusal, _) = SelfTrainingRoundRequestCheck.Check(new SelfTrainingRoundRequest(modelId, 0.5, [centre]), model,
            new HashSet<string> { centre }, latest, "cancel-admin", DateTimeOffset.UtcNow);
        Assert.True(requested is not null, refusal?.Problem);
        session.Events.StartStream<SelfTrainingRoundView>(requested.RoundId, requested);
        await session.SaveChangesAsync();
        return requested;
    }

    private SelfTrainingRoundWorker Worker(IStudentPredictors students) =>
        new(ledger.Store, ledger.Files, () => new BoxFillingRefiner(0.9), new BoxFilterOptions(), students, TimeProvider.System);

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

    /// <summary>Frames of a new centre, each with a machine mask and a student disc inside its box (so every judged frame is taken).</summary>
    private async Task<(string Centre, List<Guid> Images, FakeStudents Students)> FramesAsync(int count, int seed)
    {
        var centre = "cx-" + Guid.NewGuid().ToString("N")[..8];
        var images = await RoundFrames.IngestAsync(ledger, centre, count, seed);
        var discs = new Dictionary<string, (int X, int Y, int R)?>();
        foreach (var image in images)
        {
            await RoundFrames.ProposeAsync(ledger, image);
            discs[await RoundFrames.KeyOfAsync(ledger, image)] = (40, 40, 10);
        }
        return (centre, images, new FakeStudents(discs));
    }

    private async Task<bool> HasRoundMaskAsync(Guid image) =>
        (await StreamAsync(image)).OfType<MaskProposed>().Any(m => m.Provenance.StartsWith(SelfTrainingRoundProvenance.Prefix, StringComparison.Ordinal));

    [Fact]
    public async Task A_cancel_during_the_second_batch_keeps_the_first_batchs_masks_and_judges_no_later_frame()
    {
        var (centre, images, students) = await FramesAsync(2 * SelfTrainingRoundWorker.BatchSize + 2, seed: 300);
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 31);
        var requested = await RequestAsync(model.ModelId, centre);
        // The admin cancels while the worker predicts the first frame of the second batch.
        var cancelling = new CancellingStudents(students, SelfTrainingRoundWorker.BatchSize + 1,
            () => Assert.Null(Task.Run(() => Commands.CancelAsync(requested.RoundId, Admin)).GetAwaiter().GetResult().Refusal));

        await Worker(cancelling).RunAsync(requested.RoundId);

        Assert.Equal(2 * SelfTrainingRoundWorker.BatchSize, cancelling.Predicted); // the third batch was never predicted
        var round = await StreamAsync(requested.RoundId);
        Assert.Equal([typeof(SelfTrainingRoundRequested), typeof(SelfTrainingRoundStarted), typeof(SelfTrainingFramesJudged),
            typeof(SelfTrainingRoundCancelRequested), typeof(SelfTrainingRoundCancelled)], round.Select(e => e.GetType()));
        Assert.Equal("cancel-admin", ((SelfTrainingRoundCancelRequested)round[3]).Actor);
        var judged = round.OfType<SelfTrainingFramesJudged>().Single().Frames.Select(f => f.ImageId).ToHashSet();
        Assert.Equal(SelfTrainingRoundWorker.BatchSize, judged.Count);
        var cancelled = (SelfTrainingRoundCancelled)round[^1];
        Assert.Equal((16, 16, 0), (cancelled.FramesConsidered, cancelled.NewMasks, cancelled.Kept));
        foreach (var image in images)
            Assert.Equal(judged.Contains(image), await HasRoundMaskAsync(image)); // earlier masks stay, no later frame gets one
        var view = await ViewAsync(requested.RoundId);
        Assert.Equal((SelfTrainingRoundStatus.Cancelled, 16, 16), (view.Status, view.FramesConsidered, view.NewMasks));
        Assert.Equal("cancel-admin", view.CancelRequestedBy);
        Assert.NotNull(view.EndedAt);
    }

    [Fact]
    public async Task A_round_cancelled_before_it_starts_judges_nothing_a_redelivery_does_nothing_and_the_next_round_may_start()
    {
        var (centre, images, students) = await FramesAsync(2, seed: 340);
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 32);
        var requested = await RequestAsync(model.ModelId, centre);
        Assert.Null((await Commands.CancelAsync(requested.RoundId, Admin)).Refusal);
        var again = await Commands.CancelAsync(requested.RoundId, Admin);
        Assert.True(again.Conflict);
        Assert.Contains("already being cancelled", again.Refusal!.Problem);

        await Worker(students).RunAsync(requested.RoundId);
        var stream = await StreamAsync(requested.RoundId);
        await Worker(students).RunAsync(requested.RoundId); // the same message again

        Assert.Equal(0, students.Loaded);
        Assert.Equal(stream.Count, (await StreamAsync(requested.RoundId)).Count);
        var cancelled = Assert.IsType<SelfTrainingRoundCancelled>(stream[^1]);
        Assert.Equal((0, 0, 0), (cancelled.FramesConsidered, cancelled.NewMasks, cancelled.Kept));
        Assert.DoesNotContain(stream, e => e is SelfTrainingRoundStarted or SelfTrainingFramesJudged);
        foreach (var image in images) Assert.False(await HasRoundMaskAsync(image));
        var over = await Commands.CancelAsync(requested.RoundId, Admin);
        Assert.Equal((true, SelfTrainingRoundStatus.Cancelled), (over.Conflict, over.Status));
        Assert.Contains("already cancelled", over.Refusal!.Problem);

        var next = await RequestAsync(model.ModelId, centre);
        Assert.Equal(requested.Round + 1, next.Round);
        await Worker(students).RunAsync(next.RoundId);
        Assert.Equal(SelfTrainingRoundStatus.Completed, (await ViewAsync(next.RoundId)).Status);
        foreach (var image in images) Assert.True(await HasRoundMaskAsync(image));
    }

    [Fact]
    public async Task Only_an_admin_cancels_and_an_unknown_round_is_not_found()
    {
        var lead = AccessScope.ForCentres("lead", Role.Lead, ["a"]);
        Assert.True((await Commands.CancelAsync(Guid.NewGuid(), lead)).Forbidden);
        Assert.True((await Commands.CancelAsync(Guid.NewGuid(), AccessScope.ForCentres("doc", "a"))).Forbidden);
        Assert.True((await Commands.CancelAsync(Guid.NewGuid(), Admin)).NotFound);
    }

    [Fact]
    public void A_cancel_is_refused_once_the_round_is_over_and_a_round_being_cancelled_still_holds_off_the_next()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var status in new[] { SelfTrainingRoundStatus.Completed, SelfTrainingRoundStatus.Failed, SelfTrainingRoundStatus.Cancelled })
        {
            var (cancel, refusal) = SelfTrainingRoundCancelCheck.Decide(new SelfTrainingRoundView { Round = 2, Status = status }, "admin", now);
            Assert.Null(cancel);
            Assert.Contains($"already {status.ToString().ToLowerInvariant()}", refusal!.Problem);
        }
        var running = new SelfTrainingRoundView { Id = Guid.NewGuid(), Round = 2, Status = SelfTrainingRoundStatus.Running };
        Assert.Equal(new SelfTrainingRoundCancelRequested(running.Id, "admin", now), SelfTrainingRoundCancelCheck.Decide(running, "admin", now).Cancel);

        var student = new ModelView { Id = Guid.NewGuid(), ModelVersion = "s", OnnxSha256 = "sha" };
        var stopping = running with { CancelRequestedBy = "admin", CancelRequestedAt = now };
        Assert.True(SelfTrainingRoundRequestCheck.Check(new(), student, new HashSet<string>(), stopping, "admin", now).Conflict);
        var next = SelfTrainingRoundRequestCheck.Check(new(), student, new HashSet<string>(), stopping with { Status = SelfTrainingRoundStatus.Cancelled }, "admin", now);
        Assert.Equal(3, next.Requested?.Round);
    }
}

/// <summary>A student that runs <paramref name="onCall"/> once, at its <paramref name="at"/>-th prediction (counted across threads).</summary>
public sealed class CancellingStudents(FakeStudents inner, int at, Action onCall) : IStudentPredictors
{
    private int _predicted;

    public int Predicted => Volatile.Read(ref _predicted);

    public IStudentPredictor Load(byte[] onnx) => new Predictor(this, inner.Load(onnx), at, onCall);

    private sealed class Predictor(CancellingStudents owner, IStudentPredictor inner, int at, Action onCall) : IStudentPredictor
    {
        public BinaryMask Predict(FrameImage frame)
        {
            if (Interlocked.Increment(ref owner._predicted) == at) onCall();
            return inner.Predict(frame);
        }

        public void Dispose() => inner.Dispose();
    }
}
