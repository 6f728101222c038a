using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Infrastructure.Stages;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace EndoKED.Pipeline.Features.PipelineRuns.Advancing;

/// <summary>Look at a run and queue what it needs next (batches, the next stage, its end).</summary>
/// <param name="Generation">The run's generation when queued; a resume raises it, and older messages stop.</param>
public sealed record AdvancePipelineRun(Guid RunId, int Generation);

/// <summary>Batch size, time budget and how many batches of one run may be queued at once.</summary>
public sealed class PipelineRunOptions
{
    public const string Section = "PipelineRuns";

    /// <summary>Items per batch.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>A batch looks again whether its run was cancelled after this much work, so cancelling answers quickly.</summary>
    public TimeSpan BatchBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Batches of one run queued and not finished at most: enough to keep every worker's lanes busy.</summary>
    public int BatchesInFlight { get; set; } = 8;
}

/// <summary>
/// The bookkeeping of a run, on the pipeline-runs queue: every step reads the run, decides, and appends at the expected
/// version, so two steps of one run never both write; the loser is retried on what the winner wrote.
/// </summary>
public static class AdvancePipelineRunHandler
{
    public static void Configure(HandlerChain chain) => RunSteps.RetryConflicts(chain);

    public static async Task Handle(
        AdvancePipelineRun message, IDocumentSession session, IMessageContext context, IEnumerable<IPipelineStage> stages,
        PipelineRunOptions options, TimeProvider clock, CancellationToken ct)
    {
        var run = await session.LoadAsync<PipelineRunView>(message.RunId, ct);
        if (run is null || run.Status != PipelineRunStatus.Running || run.Generation != message.Generation) return;
        await new RunSteps(session, context, stages, options, clock).DecideAsync(run, [], ct);
    }
}

/// <summary>A batch's result reaches the run: it is recorded, and the run is topped up with the next batches.</summary>
public static class PipelineBatchFinishedHandler
{
    public static void Configure(HandlerChain chain) => RunSteps.RetryConflicts(chain);

    public static async Task Handle(
        PipelineBatchFinished message, IDocumentSession session, IMessageContext context, IEnumerable<IPipelineStage> stages,
        PipelineRunOptions options, TimeProvider clock, CancellationToken ct)
    {
        var run = await session.LoadAsync<PipelineRunView>(message.RunId, ct);
        // A cancelled, failed or resumed run drops the results of batches that were in flight; a resume queues them again.
        if (run is null || run.Status != PipelineRunStatus.Running || run.Generation != message.Generation) return;
        var now = clock.GetUtcNow();
        if (message.Unavailable is { } reason)
        {
            // Not the items' fault: stop the run with a reason an admin can act on, keeping what is recorded.
            session.Events.Append(run.Id, run.Version + 1,
                new PipelineRunFailed(run.Id, $"{reason} Resume the run when it is reachable.", "pipeline", now));
            return;
        }

        // Seconds of the run's working time this batch stands for: with batches in parallel, the time since the run's
        // last record (never more than the batch took, so a pause does not count), so the rate is the run's.
        var seconds = Math.Clamp((now - run.UpdatedAt).TotalSeconds, Math.Min(0.001, message.Seconds), Math.Max(0.001, message.Seconds));
        var recorded = new PipelineBatchProcessed(run.Id, message.Stage, message.Position + message.Count, message.Count - message.Failures.Count,
            message.Failures.Count, [.. message.Failures], seconds, "pipeline", now);
        await new RunSteps(session, context, stages, options, clock).DecideAsync(run, [recorded], ct);
    }
}
