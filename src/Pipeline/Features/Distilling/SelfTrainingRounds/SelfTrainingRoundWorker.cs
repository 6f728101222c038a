using System.Diagnostics;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// One ledger self-training round end to end. The student predicts each considered frame; <see cref="StudentBoxProposer"/>
/// (the core shared with <c>./endoked self-train</c>) boxes the prediction with the deployment's box filter, refines the
/// kept box with the configured refiner and gates it (box kept, agrees with the box of the frame's current proposal,
/// quality at least the round's minimum). A frame that passes gets a new <see cref="MaskProposed"/> naming the round; one
/// that does not gets nothing on its own stream. Batches of frames are judged and recorded in one transaction each
/// (<see cref="SelfTrainingFramesJudged"/>), so a re-delivered message goes on after the last recorded batch.
/// An admin's cancel (<see cref="SelfTrainingRoundCancelRequested"/>) is honoured before the round starts and whenever it
/// records: the batch in progress is dropped (as a training run's epoch in progress), <see cref="SelfTrainingRoundCancelled"/>
/// is recorded instead and no further frame is judged; masks of batches recorded earlier stay.
/// </summary>
/// <param name="refiner">The configured refiner, asked for inside the round: one that cannot load (SAM files missing)
/// fails the round with its message instead of leaving it open.</param>
public sealed class SelfTrainingRoundWorker(
    IDocumentStore store, IFileStore files, Func<IMaskRefiner> refiner, BoxFilterOptions box, IStudentPredictors predictors, TimeProvider clock)
{
    public const int BatchSize = 16;
    public const string Actor = "self-training-round";

    public async Task RunAsync(Guid roundId, CancellationToken ct = default)
    {
        SelfTrainingRoundView? round;
        await using (var session = store.QuerySession())
            round = await session.LoadAsync<SelfTrainingRoundView>(roundId, ct);
        if (round is null || round.IsOver) return;
        try
        {
            if (round.IsStopping) await RecordUnlessCancelledAsync(round.Id, [], _ => null, ct); // cancelled before it started
            else await RunAsync(round, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordUnlessCancelledAsync(roundId, [], _ => new SelfTrainingRoundFailed(roundId,
                $"The round stopped: {e.Message} Fix that and start a new round; frames judged so far keep their outcome.", Actor, clock.GetUtcNow()), ct);
        }
    }

    private async Task RunAsync(SelfTrainingRoundView round, CancellationToken ct)
    {
        if (round.ModelId is null || round.OnnxSha256 is null)
        {
            await FailAsync(round, "No student model is registered: train a student first (Training → kind student on a frozen split, or " +
                "POST /api/training-runs), then start the round again.", ct);
            return;
        }
        List<RoundFrame> frames;
        await using (var session = store.QuerySession())
            frames = await ConsideredFrames.ReadAsync(session, round.Centres, ct);
        if (frames.Count == 0)
        {
            var where = round.Centres.Count == 0 ? "in any centre" : $"in {string.Join(", ", round.Centres)}";
            await FailAsync(round, $"No frame {where} has a machine mask yet whose frame label says polyp: run a pipeline run with the score " +
                "and segment stages first (Pipeline), then start the round again.", ct);
            return;
        }
        var proposer = new StudentBoxProposer(refiner(), box, round.MinQuality);
        var onnx = await files.ReadVerifiedAsync(round.OnnxSha256, $"The student {round.ModelVersion}'s ONNX", ct);
        if (round.Status == SelfTrainingRoundStatus.Requested && !await RecordUnlessCancelledAsync(round.Id, [],
                _ => new SelfTrainingRoundStarted(round.Id, proposer.Refiner.Provenance, frames.Count, Actor, clock.GetUtcNow()), ct))
            return;

        HashSet<Guid> done;
        await using (var session = store.QuerySession())
            done = [.. (await SelfTrainingRoundQueries.JudgedAsync(session, round.Id, ct)).Select(f => f.ImageId)];
        var provenance = round.Provenance;
        using (var predictor = predictors.Load(onnx))
            foreach (var batch in frames.Where(f => !done.Contains(f.ImageId)).Chunk(BatchSize))
                if (!await JudgeAsync(round, provenance, batch, proposer, predictor, ct)) return;

        await RecordUnlessCancelledAsync(round.Id, [], judged => new SelfTrainingRoundCompleted(round.Id, judged.FramesConsidered, judged.NewMasks,
            judged.Kept, judged.KeptReasons, provenance, clock.GetUtcNow()), ct);
    }

    /// <summary>Judges a batch and records it with its new masks; false when the round was cancelled meanwhile (nothing of the batch is kept).</summary>
    private async Task<bool> JudgeAsync(SelfTrainingRoundView round, string provenance, RoundFrame[] batch, StudentBoxProposer proposer,
        IStudentPredictor predictor, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var bytes = new byte[]?[batch.Length];
        for (var i = 0; i < batch.Length; i++)
            bytes[i] = await files.ReadAllAsync(batch[i].Sha256, ct);
        var results = new (SelfTrainingFrameOutcome Outcome, MaskProposed? Proposed)[batch.Length];
        var loader = new FrameLoader();
        var now = clock.GetUtcNow();
        Parallel.For(0, batch.Length, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = Judge(batch[i], bytes[i], loader, proposer, predictor, provenance, now, ct));

        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
        return await RecordUnlessCancelledAsync(round.Id, [.. results.Select(r => r.Proposed).OfType<MaskProposed>()],
            _ => new SelfTrainingFramesJudged(round.Id, [.. results.Select(r => r.Outcome)], seconds, provenance, now), ct);
    }

    private static SelfTrainingFrameOutcome Unreadable(RoundFrame f, string why) =>
        new(f.ImageId, f.CentreId, false, StudentBoxRefusals.Unreadable, why, null, null);

    private static (SelfTrainingFrameOutcome, MaskProposed?) Judge(RoundFrame f, byte[]? bytes, FrameLoader loader, StudentBoxProposer proposer,
        IStudentPredictor predictor, string provenance, DateTimeOffset now, CancellationToken ct)
    {
        if (bytes is null) return (Unreadable(f, $"the frame's blob {f.Sha256} is not in the file store"), null);
        var load = loader.Load(bytes);
        if (load.Frame is not { } frame) return (Unreadable(f, $"the frame could not be decoded: {load.Rejection}"), null);
        using (frame)
        {
            var earlier = new[] { f.EarlierBox.X0, f.EarlierBox.Y0, f.EarlierBox.X1, f.EarlierBox.Y1 };
            var outcome = proposer.Propose(frame, predictor.Predict(frame), earlier, ct);
            var candidate = outcome.Box.Candidate is { } c ? new FrameBox(c.X0, c.Y0, c.X1, c.Y1) : null;
            var quality = outcome.Proposal is { } p ? Math.Round(p.Quality, 4) : (double?)null;
            if (!outcome.Taken)
                return (new SelfTrainingFrameOutcome(f.ImageId, f.CentreId, false, outcome.RefusalCode, outcome.Refusal, candidate, quality), null);
            var proposal = outcome.Proposal!;
            var proposed = new MaskProposed(f.ImageId, f.ExaminationId, f.CentreId, proposal.Refiner, proposal.Version, provenance, candidate!,
                proposal.Mask.ToEventMask(), proposal.Quality, proposal.Note, provenance, now);
            return (new SelfTrainingFrameOutcome(f.ImageId, f.CentreId, true, null, null, candidate, quality), proposed);
        }
    }

    private Task FailAsync(SelfTrainingRoundView round, string reason, CancellationToken ct) =>
        RecordUnlessCancelledAsync(round.Id, [], _ => new SelfTrainingRoundFailed(round.Id, reason, Actor, clock.GetUtcNow()), ct);

    /// <summary>
    /// Every write of the worker: reads the round and, in one transaction, appends the frames' new masks and the round's
    /// next event at the version read. When an admin asked to cancel, it records <see cref="SelfTrainingRoundCancelled"/>
    /// (the counts recorded so far) instead and returns false; an ended round gets nothing. A cancel that lands between
    /// the read and the write is a version conflict: the step reads again and finds it.
    /// </summary>
    /// <param name="next">The round's event from its current view; null to append nothing but honour a cancel.</param>
    private Task<bool> RecordUnlessCancelledAsync(Guid roundId, IReadOnlyList<MaskProposed> masks, Func<SelfTrainingRoundView, object?> next,
        CancellationToken ct) => ConcurrencyRetry.RunAsync(async () =>
    {
        await using var session = store.LightweightSession();
        var round = await session.LoadAsync<SelfTrainingRoundView>(roundId, ct);
        if (round is null || round.IsOver) return false;
        if (round.IsStopping)
        {
            session.Events.Append(roundId, round.Version + 1,
                new SelfTrainingRoundCancelled(roundId, round.FramesConsidered, round.NewMasks, round.Kept, Actor, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return false;
        }
        if (next(round) is not { } e) return true;
        foreach (var proposed in masks) session.Events.Append(proposed.ImageId, proposed);
        session.Events.Append(roundId, round.Version + 1, e);
        await session.SaveChangesAsync(ct);
        return true;
    });
}

/// <summary>The queued round: on the training queue (one at a time per process), the deployment's refiner and box filter.</summary>
public static class RunSelfTrainingRoundHandler
{
    /// <summary>
    /// Wolverine's execution-timeout token is not passed on, as for training runs: a round over many frames outlasts
    /// any message timeout, and a crash goes on from the last recorded batch when the message comes back.
    /// </summary>
    public static Task Handle(RunSelfTrainingRound message, IDocumentStore store, IFileStore files,
        FrameLabels.SegmentingImages.FrameSegmenting segmenting, FrameLabels.FrameLabelOptions frameLabels, IStudentPredictors predictors,
        TimeProvider clock) =>
        new SelfTrainingRoundWorker(store, files, () => segmenting.Refiner, frameLabels.Box, predictors, clock).RunAsync(message.RoundId);
}
