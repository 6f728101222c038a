using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Models.Student.Fitting;
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
        () => new TrainingEpochCompleted(runId, m.Epoch, m.Epochs, m.TrainLoss,
            // NaN: the split has no validation frame (JSON has no NaN, and an event must always be writable).
            double.IsFinite(m.ValidationDice) ? m.ValidationDice : null, m.Seconds, actor, clock.GetUtcNow()));

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

/// <summary>
/// What the student and biopsy workers share about a run: appending facts, the guard around training (a missing, ended or
/// other-kind run is left alone; an admin's cancel ends quietly; any other failure is recorded) and the completion.
/// </summary>
public static class TrainingRunFacts
{
    /// <summary>
    /// Trains the run with <paramref name="train"/> when it exists, is not over and <paramref name="configurationOf"/> finds
    /// its kind's configuration. A cancel by an admin (the run's token, not the host's) ends it with nothing more to record;
    /// any other exception becomes <see cref="TrainingRunFailed"/> with its message.
    /// </summary>
    public static async Task RunAsync<TConfiguration>(IDocumentStore store, Guid runId, string actor, TimeProvider clock,
        Func<TrainingRunView, TConfiguration?> configurationOf, Func<TrainingRunView, TConfiguration, CancellationTokenSource, Task> train,
        CancellationToken ct) where TConfiguration : class
    {
        TrainingRunView? run;
        await using (var session = store.QuerySession())
            run = await session.LoadAsync<TrainingRunView>(runId, ct);
        if (run is null || run.IsOver || configurationOf(run) is not { } configuration) return;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await train(run, configuration, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Cancelled by an admin: the TrainingRunCancelled event is already in the stream.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await AppendAsync(store, runId, new TrainingRunFailed(runId, e.Message, actor, clock.GetUtcNow()));
        }
    }

    /// <summary>
    /// The run's completion and the model's registration in one transaction, unless the run ended meanwhile (cancelled
    /// during the last epoch, or completed by another delivery of the same message).
    /// </summary>
    public static async Task CompleteAsync(IDocumentStore store, Guid runId, object completed, Guid modelId, object registered, CancellationToken ct)
    {
        await using var write = store.LightweightSession();
        var current = await write.LoadAsync<TrainingRunView>(runId, ct);
        if (current is null || current.IsOver) return;
        write.Events.Append(runId, current.Version + 1, completed);
        write.Events.StartStream<RegisteringModels.ModelView>(modelId, registered);
        await write.SaveChangesAsync(ct);
    }

    /// <summary>A fact about a training run (started, failed) that needs no read first: an epoch or a cancel appended at the same moment only makes it try again.</summary>
    public static Task AppendAsync(IDocumentStore store, Guid runId, object e) => ConcurrencyRetry.RunAsync(async () =>
    {
        await using var session = store.LightweightSession();
        session.Events.Append(runId, e);
        await session.SaveChangesAsync();
        return true;
    });
}
