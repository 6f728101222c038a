using EndoKED.Shared.Events;
using Marten.Events.Aggregation;
using EndoKED.Pipeline.Infrastructure.Stages;

namespace EndoKED.Pipeline.Features.PipelineRuns.Following;

/// <summary>Pure fold of a PipelineRun stream into <see cref="PipelineRunView"/>.</summary>
public sealed partial class PipelineRunProjection : SingleStreamProjection<PipelineRunView, Guid>
{
    public static PipelineRunView Create(PipelineRunRequested e) => new()
    {
        Id = e.RunId, Centres = e.Centres, Stages = e.Stages, Extractor = e.Extractor, Force = e.Force,
        Proposer = e.Proposer ?? RunProposers.Current, FrameScorer = e.FrameScorer, RequestedBy = e.Actor, RequestedAt = e.At, Status = PipelineRunStatus.Running, UpdatedAt = e.At,
    };

    public static PipelineRunView Apply(PipelineStageStarted e, PipelineRunView run) => run with
    {
        Progress = [.. run.Progress.Where(p => p.Stage != e.Stage), new StageProgress(e.Stage, e.Total, 0, 0, 0, 0, false, [], [], e.At, null)],
        UpdatedAt = e.At,
    };

    public static PipelineRunView Apply(PipelineBatchQueued e, PipelineRunView run) => Update(run, e.Stage, e.At, p => p with
    {
        Queued = Math.Max(p.Queued, e.Position + e.Count),
        ScopeEnded = p.ScopeEnded || e.Last,
    });

    public static PipelineRunView Apply(PipelineBatchProcessed e, PipelineRunView run) => Update(run, e.Stage, e.At, p =>
    {
        // The batch's window joins the finished ones; the finished prefix grows over every window that now touches it.
        var (position, ahead) = Advance(p.Position, [.. p.Ahead, new BatchWindow(e.Position - e.Done - e.Failed, e.Done + e.Failed)]);
        return p with
        {
            Position = position,
            Ahead = ahead,
            Queued = Math.Max(p.Queued, position),
            Done = p.Done + e.Done,
            Failed = p.Failed + e.Failed,
            Seconds = p.Seconds + e.Seconds,
            RecentFailures = [.. p.RecentFailures.Concat(e.Failures).TakeLast(StageProgress.KeptFailures)],
            Throughput = [.. p.Throughput.Append(new ThroughputPoint(e.At, e.Seconds > 0 ? (e.Done + e.Failed) / e.Seconds : 0))
                .TakeLast(StageProgress.KeptPoints)],
            // New records may have arrived since the stage started: the scope grows, never shrinks below the position.
            Total = Math.Max(p.Total, position),
        };
    });

    private static (int Position, IReadOnlyList<BatchWindow> Ahead) Advance(int position, List<BatchWindow> windows)
    {
        while (windows.FirstOrDefault(w => w.Start <= position && w.End > position) is { } next)
            position = next.End;
        return (position, [.. windows.Where(w => w.End > position).OrderBy(w => w.Start)]);
    }

    public static PipelineRunView Apply(PipelineStageCompleted e, PipelineRunView run) =>
        Update(run, e.Stage, e.At, p => p with { Completed = true, EndedAt = e.At, Total = Math.Max(p.Total, p.Position) });

    public static PipelineRunView Apply(PipelineRunCancelled e, PipelineRunView run) =>
        run with { Status = PipelineRunStatus.Cancelled, EndedAt = e.At, UpdatedAt = e.At };

    /// <summary>What was queued and not finished is queued again by the new generation; finished windows are kept.</summary>
    public static PipelineRunView Apply(PipelineRunResumed e, PipelineRunView run) => run with
    {
        Status = PipelineRunStatus.Running, Generation = e.Generation, EndedAt = null, FailureReason = null, UpdatedAt = e.At,
        Progress = [.. run.Progress.Select(p => p.Completed ? p : p with { Queued = p.Position, ScopeEnded = false })],
    };

    public static PipelineRunView Apply(PipelineRunCompleted e, PipelineRunView run) =>
        run with { Status = PipelineRunStatus.Completed, EndedAt = e.At, UpdatedAt = e.At };

    public static PipelineRunView Apply(PipelineRunFailed e, PipelineRunView run) =>
        run with { Status = PipelineRunStatus.Failed, FailureReason = e.Reason, EndedAt = e.At, UpdatedAt = e.At };

    private static PipelineRunView Update(PipelineRunView run, string stage, DateTimeOffset at, Func<StageProgress, StageProgress> change) => run with
    {
        Progress = [.. run.Progress.Select(p => p.Stage == stage ? change(p) : p)],
        UpdatedAt = at,
    };
}
