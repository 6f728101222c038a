using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Training.Fitting;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingStudents;

/// <summary>
/// Called on the training thread after each epoch (and its checkpoint): appends the epoch in its own session, then
/// looks at the run; a cancelled run trips <paramref name="cancel"/>, which the trainer honours at the next batch.
/// </summary>
public sealed class EpochRecorder(IDocumentStore store, Guid runId, string actor, TimeProvider clock, CancellationTokenSource cancel)
    : IProgress<EpochMetrics>
{
    // The trainer is synchronous and runs on a pool thread of its own (Task.Run), so blocking here holds no caller up.
    public void Report(EpochMetrics m) => Record(store, runId, cancel, m.Epoch,
        () => new TrainingEpochCompleted(runId, m.Epoch, m.Epochs, m.TrainLoss, m.ValidationDice, m.Seconds, actor, clock.GetUtcNow()));

    /// <summary>Appends one epoch's event unless the run is cancelled (then trips <paramref name="cancel"/>) or already holds that epoch.</summary>
    public static void Record(IDocumentStore store, Guid runId, CancellationTokenSource cancel, int epoch, Func<object> epochEvent) =>
        RecordAsync(store, runId, cancel, epoch, epochEvent).GetAwaiter().GetResult();

    // An admin's cancel may land between the read and the append: then the run is read again (and found cancelled).
    private static Task RecordAsync(IDocumentStore store, Guid runId, CancellationTokenSource cancel, int epoch, Func<object> epochEvent) =>
        ConcurrencyRetry.RunAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var run = await session.LoadAsync<TrainingRunView>(runId);
            if (run is null || run.Status == TrainingRunStatus.Cancelled)
            {
                cancel.Cancel();
                return true;
            }
            // A resumed run may report an epoch that was recorded before the crash.
            if (run.Epochs.Any(e => e.Epoch == epoch)) return true;
            session.Events.Append(runId, run.Version + 1, epochEvent());
            await session.SaveChangesAsync();
            return true;
        });
}

/// <summary>A fact about a training run (started, failed) that needs no read first: an epoch or a cancel appended at the same moment only makes it try again.</summary>
public static class TrainingRunFacts
{
    public static Task AppendAsync(IDocumentStore store, Guid runId, object e) => ConcurrencyRetry.RunAsync(async () =>
    {
        await using var session = store.LightweightSession();
        session.Events.Append(runId, e);
        await session.SaveChangesAsync();
        return true;
    });
}
