using System.Diagnostics;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Stages;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Advancing;

/// <summary>Do the next batch of a run. Each batch queues the next, so a run is a chain of short, durable messages.</summary>
/// <param name="Generation">The run's generation when queued; a resume raises it, and older chains stop.</param>
public sealed record AdvancePipelineRun(Guid RunId, int Generation);

/// <summary>Batch size and time budget of one step.</summary>
public sealed class PipelineRunOptions
{
    public const string Section = "PipelineRuns";

    /// <summary>Items per batch at most.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>A batch stops early after this much work, so progress shows and cancelling answers quickly.</summary>
    public TimeSpan BatchBudget { get; set; } = TimeSpan.FromSeconds(2);
}

public static class AdvancePipelineRunHandler
{
    public static async Task Handle(
        AdvancePipelineRun message, IDocumentSession session, IMessageContext context, IEnumerable<IPipelineStage> stages,
        PipelineRunOptions options, TimeProvider clock, ILogger<AdvancePipelineRun> logger, CancellationToken ct)
    {
        var run = await session.LoadAsync<PipelineRunView>(message.RunId, ct);
        if (run is null || run.Status != PipelineRunStatus.Running || run.Generation != message.Generation) return;

        var events = new List<object>();
        var now = clock.GetUtcNow();
        if (run.CurrentStage is not { } stageName)
        {
            Append(session, run, new PipelineRunCompleted(run.Id, "pipeline", now));
            return;
        }

        var stage = stages.FirstOrDefault(s => s.Name == stageName);
        if (stage is null)
        {
            Append(session, run, new PipelineRunFailed(run.Id, $"This deployment has no '{stageName}' stage.", "pipeline", now));
            return;
        }

        var progress = run.ProgressOf(stageName);
        if (progress is null)
        {
            var total = await stage.CountAsync(session, run.Centres, ct);
            events.Add(new PipelineStageStarted(run.Id, stageName, total, "pipeline", now));
        }

        var position = progress?.Position ?? 0;
        var items = await stage.PageAsync(session, run.Centres, position, Math.Max(1, options.BatchSize), ct);
        var runContext = new PipelineRunContext(run.Id, run.Extractor, run.Force);
        var (done, failures, watch) = (0, new List<PipelineItemFailure>(), Stopwatch.StartNew());
        foreach (var item in items)
        {
            try
            {
                await context.InvokeAsync(stage.MessageFor(item, runContext), ct);
                done++;
            }
            catch (Exception e) when (e is ExtractorUnavailableException or FrameLabels.FrameModelUnavailableException)
            {
                // Not this item's fault: stop the run with a reason an admin can act on, keeping what is done.
                if (done + failures.Count > 0) events.Add(Batch(run, stageName, position, done, failures, watch, clock));
                events.Add(new PipelineRunFailed(run.Id, $"{e.Message} Resume the run when it is reachable.", "pipeline", clock.GetUtcNow()));
                Append(session, run, [.. events]);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Run {Run}: {Stage} failed on {Item}", run.Id, stageName, item);
                failures.Add(new PipelineItemFailure(item, e.Message));
            }
            if (watch.Elapsed > options.BatchBudget) break;
        }

        var processed = done + failures.Count;
        if (processed > 0) events.Add(Batch(run, stageName, position, done, failures, watch, clock));
        if (processed == items.Count && items.Count < options.BatchSize)
            events.Add(new PipelineStageCompleted(run.Id, stageName, "pipeline", clock.GetUtcNow()));
        Append(session, run, [.. events]);
        await context.PublishAsync(new AdvancePipelineRun(run.Id, run.Generation));
    }

    private static PipelineBatchProcessed Batch(
        PipelineRunView run, string stage, int position, int done, List<PipelineItemFailure> failures, Stopwatch watch, TimeProvider clock) =>
        new(run.Id, stage, position + done + failures.Count, done, failures.Count, [.. failures], watch.Elapsed.TotalSeconds,
            "pipeline", clock.GetUtcNow());

    /// <summary>With the expected version: two chains of one run cannot both write; the loser's message fails and stops.</summary>
    private static void Append(IDocumentSession session, PipelineRunView run, params object[] events) =>
        session.Events.Append(run.Id, run.Version + events.Length, events);
}
