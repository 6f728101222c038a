using EndoKED.Pipeline.Features.PipelineRuns.Advancing;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Controlling;

/// <summary>Stop a running run after the batch in flight.</summary>
public sealed record CancelPipelineRun(Guid RunId, string Actor);

/// <summary>Go on with a cancelled or failed run from where it stopped (or restart a stuck one).</summary>
public sealed record ResumePipelineRun(Guid RunId, string Actor);

/// <summary>What a control command did: null problem means done.</summary>
public sealed record ControlResult(bool Found, string? Problem);

public static class ControlPipelineRunHandler
{
    public static async Task<ControlResult> Handle(CancelPipelineRun command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var run = await session.LoadAsync<PipelineRunView>(command.RunId, ct);
        if (run is null) return new(false, null);
        if (run.Status != PipelineRunStatus.Running) return new(true, $"The run is {run.Status.ToString().ToLowerInvariant()}, not running.");
        session.Events.Append(run.Id, run.Version + 1, new PipelineRunCancelled(run.Id, command.Actor, clock.GetUtcNow()));
        return new(true, null);
    }

    public static async Task<ControlResult> Handle(
        ResumePipelineRun command, IDocumentSession session, IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var run = await session.LoadAsync<PipelineRunView>(command.RunId, ct);
        if (run is null) return new(false, null);
        if (run.Status == PipelineRunStatus.Completed) return new(true, "The run has completed; start a new run to process again.");
        var generation = run.Generation + 1;
        session.Events.Append(run.Id, run.Version + 1, new PipelineRunResumed(run.Id, generation, command.Actor, clock.GetUtcNow()));
        await context.PublishAsync(new AdvancePipelineRun(run.Id, generation));
        return new(true, null);
    }
}
