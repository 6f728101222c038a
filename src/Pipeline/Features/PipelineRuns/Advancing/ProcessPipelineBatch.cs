using System.Diagnostics;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Infrastructure.Stages;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Advancing;

/// <summary>One window of a stage: the items at <paramref name="Position"/> .. of the stage's ordered scope.</summary>
public sealed record ProcessPipelineBatch(
    Guid RunId, int Generation, string Stage, int Position, IReadOnlyList<Guid> Items, PipelineRunContext Run);

/// <summary>
/// What a batch did, for the run's bookkeeping: its failures (the other items succeeded), its seconds of work, or the
/// reason the stage cannot run at all here (<paramref name="Unavailable"/>; then nothing of the batch is counted).
/// </summary>
public sealed record PipelineBatchFinished(
    Guid RunId, int Generation, string Stage, int Position, int Count, IReadOnlyList<PipelineItemFailure> Failures,
    double Seconds, string? Unavailable);

/// <summary>
/// Works through one batch on whichever worker took it: each item's own stage message is handled inline (its handler,
/// retries and idempotence apply, each in its own transaction), then the result is sent to the run's bookkeeping in this
/// handler's transaction, with the mark that this batch was handled. A worker killed in the middle leaves the batch in
/// its inbox, and the node that takes it over does it again: items already recorded are skipped by their handlers, and
/// the result is sent once.
/// </summary>
public static class ProcessPipelineBatchHandler
{
    public static async Task Handle(
        ProcessPipelineBatch batch, IDocumentStore store, IMessageContext context, IEnumerable<IPipelineStage> stages,
        PipelineRunOptions options, ILogger<ProcessPipelineBatch> logger, CancellationToken ct)
    {
        if (!await IsCurrentAsync(store, batch, ct)) return;
        var stage = stages.First(s => s.Name == batch.Stage);
        var (failures, watch, checkedAt) = (new List<PipelineItemFailure>(), Stopwatch.StartNew(), TimeSpan.Zero);
        foreach (var item in batch.Items)
        {
            try
            {
                await context.InvokeAsync(stage.MessageFor(item, batch.Run), ct);
            }
            catch (Exception e) when (stage.UnavailableFailures.Any(t => t.IsInstanceOfType(e)))
            {
                await context.PublishAsync(Finished(batch, [], watch, e.Message));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Run {Run}: {Stage} failed on {Item}", batch.RunId, batch.Stage, item);
                failures.Add(new PipelineItemFailure(item, e.Message));
            }

            if (watch.Elapsed - checkedAt > options.BatchBudget)
            {
                // A cancelled or resumed run stops taking items; the bookkeeping would drop this batch's result anyway.
                checkedAt = watch.Elapsed;
                if (!await IsCurrentAsync(store, batch, ct)) return;
            }
        }

        await context.PublishAsync(Finished(batch, failures, watch, null));
    }

    private static PipelineBatchFinished Finished(ProcessPipelineBatch batch, List<PipelineItemFailure> failures, Stopwatch watch, string? unavailable) =>
        new(batch.RunId, batch.Generation, batch.Stage, batch.Position, batch.Items.Count, [.. failures], watch.Elapsed.TotalSeconds, unavailable);

    private static async Task<bool> IsCurrentAsync(IDocumentStore store, ProcessPipelineBatch batch, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var run = await query.LoadAsync<PipelineRunView>(batch.RunId, ct);
        return run is { Status: PipelineRunStatus.Running } && run.Generation == batch.Generation;
    }
}
