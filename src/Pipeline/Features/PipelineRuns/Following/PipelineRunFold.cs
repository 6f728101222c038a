using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.PipelineRuns.Following;

/// <summary>The projection's fold, one event at a time, for deciders that look at the state their own events make.</summary>
public static class PipelineRunFold
{
    public static PipelineRunView Fold(PipelineRunView run, object e) => e switch
    {
        PipelineStageStarted x => PipelineRunProjection.Apply(x, run),
        PipelineBatchQueued x => PipelineRunProjection.Apply(x, run),
        PipelineBatchProcessed x => PipelineRunProjection.Apply(x, run),
        PipelineStageCompleted x => PipelineRunProjection.Apply(x, run),
        PipelineRunCancelled x => PipelineRunProjection.Apply(x, run),
        PipelineRunResumed x => PipelineRunProjection.Apply(x, run),
        PipelineRunCompleted x => PipelineRunProjection.Apply(x, run),
        PipelineRunFailed x => PipelineRunProjection.Apply(x, run),
        _ => run,
    };

}
