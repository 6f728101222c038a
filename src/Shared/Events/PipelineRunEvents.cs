using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>An admin asked for a pipeline run: which centres, which stages in order, and with which extractor.</summary>
/// <param name="RunId">The PipelineRun stream id.</param>
/// <param name="Centres">The centres whose records the run processes.</param>
/// <param name="Stages">Stage names in the order they run (extract, score, segment).</param>
/// <param name="Extractor">rules, llm or both: what the extract stage uses.</param>
/// <param name="Force">Redo items already done by the same model versions.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
/// <param name="Proposer">Who proposes the segment stage's masks: "current" (the promoted student of self-training, else
/// the configured refiner) or "refiner" (the configured SAM or embedded refiner, whatever was promoted); null = current.</param>
/// <param name="FrameScorer">The frame scorer (MIL head) the score stage uses throughout the run; null when the run has
/// no score stage (or was recorded before runs named it).</param>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineRunRequested(
    Guid RunId, IReadOnlyList<string> Centres, IReadOnlyList<string> Stages, string Extractor, bool Force,
    string Actor, DateTimeOffset At, string? Proposer = null, FrameScorerChoice? FrameScorer = null) : IHasActor;

/// <summary>A stage of a run began; <paramref name="Total"/> items were in its scope at that moment.</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineStageStarted(Guid RunId, string Stage, int Total, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>One failed item of a batch and why, as the stage said it.</summary>
public sealed record PipelineItemFailure(Guid ItemId, string Reason);

/// <summary>
/// A batch of a stage was processed: <paramref name="Done"/> items succeeded and <paramref name="Failed"/> failed (with
/// their reasons) in <paramref name="Seconds"/> of work. <paramref name="Position"/> is the end of the batch's window of
/// the stage's ordered scope (its start is <c>Position - Done - Failed</c>), so a resumed run does not queue it again.
/// </summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineBatchProcessed(
    Guid RunId, string Stage, int Position, int Done, int Failed, IReadOnlyList<PipelineItemFailure> Failures, double Seconds,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// A window of a stage's ordered scope, items <paramref name="Position"/> .. <paramref name="Position"/>+<paramref name="Count"/>,
/// was queued as one batch that any worker may take; <paramref name="Last"/> when the scope ended with it (a short or
/// empty page). Several windows of a run are in flight at once, so workers share one run.
/// </summary>
[NotLive("queue bookkeeping: the batch's result (PipelineBatchProcessed) is what pages show")]
public sealed record PipelineBatchQueued(Guid RunId, string Stage, int Position, int Count, bool Last, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>A stage finished its scope.</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineStageCompleted(Guid RunId, string Stage, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An admin cancelled the run; the batch in flight finishes, nothing else starts.</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineRunCancelled(Guid RunId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An admin resumed a cancelled or failed run; <paramref name="Generation"/> retires any older chain of work.</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineRunResumed(Guid RunId, int Generation, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>Every stage finished.</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineRunCompleted(Guid RunId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The run stopped on an error that is not one item's fault (a stage that cannot run at all).</summary>
[Live(LiveKinds.PipelineRun)]
public sealed record PipelineRunFailed(Guid RunId, string Reason, string Actor, DateTimeOffset At) : IHasActor;
