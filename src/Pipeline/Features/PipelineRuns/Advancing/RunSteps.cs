using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Infrastructure.Stages;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace EndoKED.Pipeline.Features.PipelineRuns.Advancing;

/// <summary>
/// Decides a run's next events from its state: start the current stage, queue batches up to
/// <see cref="PipelineRunOptions.BatchesInFlight"/>, complete a stage whose queued batches all finished, end the run.
/// Each event is folded into the state as it is decided, so one step may complete a stage and start the next.
/// </summary>
internal sealed class RunSteps(
    IDocumentSession session, IMessageContext context, IEnumerable<IPipelineStage> stages, PipelineRunOptions options, TimeProvider clock)
{
    /// <summary>Two steps of one run that read the same version: the loser reads again and decides again.</summary>
    public static void RetryConflicts(HandlerChain chain) =>
        chain.OnException<JasperFx.ConcurrencyException>().RetryWithCooldown(
            [.. new[] { 10, 20, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000 }.Select(ms => TimeSpan.FromMilliseconds(ms))]);

    public async Task DecideAsync(PipelineRunView run, List<object> events, CancellationToken ct)
    {
        var view = events.Aggregate(run, PipelineRunFold.Fold);
        void Add(object e)
        {
            events.Add(e);
            view = PipelineRunFold.Fold(view, e);
        }

        var batchSize = Math.Max(1, options.BatchSize);
        while (view.Status == PipelineRunStatus.Running)
        {
            var now = clock.GetUtcNow();
            if (view.CurrentStage is not { } stageName)
            {
                Add(new PipelineRunCompleted(run.Id, "pipeline", now));
                break;
            }

            if (stages.FirstOrDefault(s => s.Name == stageName) is not { } stage)
            {
                Add(new PipelineRunFailed(run.Id, $"This deployment has no '{stageName}' stage.", "pipeline", now));
                break;
            }

            if (view.ProgressOf(stageName) is not { } progress)
            {
                Add(new PipelineStageStarted(run.Id, stageName, await stage.CountAsync(session, run.Centres, ct), "pipeline", now));
                continue;
            }

            if (PipelineRunWindows.IsFinished(progress))
            {
                Add(new PipelineStageCompleted(run.Id, stageName, "pipeline", now));
                continue;
            }

            var runContext = new PipelineRunContext(run.Id, run.Extractor, run.Force, run.Proposer, run.FrameScorer?.ModelId);
            for (var free = PipelineRunWindows.FreeBatches(progress, batchSize, options.BatchesInFlight); free > 0 && !progress.ScopeEnded; free--)
            {
                var start = PipelineRunWindows.NextStart(progress);
                var items = await stage.PageAsync(session, run.Centres, start, batchSize, ct);
                Add(new PipelineBatchQueued(run.Id, stageName, start, items.Count, items.Count < batchSize, "pipeline", now));
                if (items.Count > 0)
                    await context.PublishAsync(new ProcessPipelineBatch(run.Id, view.Generation, stageName, start, [.. items], runContext));
                progress = view.ProgressOf(stageName)!;
            }

            // The last page may have been empty with nothing in flight: then the stage is done in this same step.
            if (!PipelineRunWindows.IsFinished(progress)) break;
        }

        if (events.Count > 0) session.Events.Append(run.Id, run.Version + events.Count, [.. events]);
    }
}

/// <summary>The arithmetic of a stage's windows: pure, so it is tested without a database.</summary>
public static class PipelineRunWindows
{
    /// <summary>Every window up to the end of the scope has been queued and has finished.</summary>
    public static bool IsFinished(StageProgress p) => p.ScopeEnded && p.Position >= p.Queued && p.Ahead.Count == 0;

    /// <summary>How many more batches may be queued now.</summary>
    public static int FreeBatches(StageProgress p, int batchSize, int batchesInFlight) =>
        Math.Max(0, Math.Max(1, batchesInFlight) - (p.InFlight + batchSize - 1) / batchSize);

    /// <summary>Where the next window starts: after what was queued, skipping windows that already finished (after a resume).</summary>
    public static int NextStart(StageProgress p)
    {
        var start = p.Queued;
        while (p.Ahead.FirstOrDefault(w => w.Start == start && w.Count > 0) is { } done) start = done.End;
        return start;
    }
}
