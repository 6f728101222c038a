using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>
/// An admin made a registered student the mask proposer of the next self-training round: from now on the segment stage
/// proposes masks with this model, and each proposal names it. Appended to the deployment's single mask-proposer stream,
/// so two promotions at once cannot both claim the same round.
/// </summary>
/// <param name="ProposerId">The mask-proposer stream id (one per deployment).</param>
/// <param name="ModelId">The promoted model (its Model stream id in the registry).</param>
/// <param name="ModelVersion">The model's version (architecture plus graph hash).</param>
/// <param name="OnnxSha256">The model's bytes in the file store: the proposals' provenance.</param>
/// <param name="Round">1 for the first promoted student, then one more per promotion.</param>
/// <param name="PreviousModelId">The student it replaces, or null when the configured refiner (SAM or embedded) proposed until now.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record ModelPromoted(
    Guid ProposerId, Guid ModelId, string ModelVersion, string OnnxSha256, int Round, Guid? PreviousModelId,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// An admin asked for a self-training round over the ledger's frames: a registered student proposes boxes for frames
/// that have a machine mask, the configured refiner turns each kept box into a mask, and a mask that passes the gate
/// becomes the frame's next proposal. Starts the round's own stream; rounds are numbered 1, 2, … on their own (see
/// <see cref="Round"/>), apart from the promotion rounds of <see cref="ModelPromoted"/>.
/// </summary>
/// <param name="RoundId">The round's stream id (derived from its number, so two requests cannot claim one number).</param>
/// <param name="Round">The ledger round's number: 1 for the first, then one more per request. Its proposals' provenance is <c>round:&lt;n&gt;;student:&lt;ONNX SHA-256&gt;;box:student</c>.</param>
/// <param name="ModelId">The student model whose predictions give the boxes (its Model stream id in the registry).</param>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="OnnxSha256">The model's bytes in the file store.</param>
/// <param name="MinQuality">A refined mask replaces the frame's mask only at or above this quality, in [0, 1].</param>
/// <param name="Centres">The centres whose frames the round considers; empty: every centre.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundRequested(
    Guid RoundId, int Round, Guid? ModelId, string? ModelVersion, string? OnnxSha256, double MinQuality, IReadOnlyList<string> Centres,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>A worker took the round: the refiner it uses and how many frames it will consider.</summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="Refiner">The configured refiner's provenance (<c>embedded:…</c>, <c>sam:…</c>).</param>
/// <param name="Frames">Frames of the chosen centres with a machine mask whose frame label says polyp.</param>
/// <param name="Actor">The machine: the worker.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundStarted(Guid RoundId, string Refiner, int Frames, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// What became of one frame in a round: a new mask (<see cref="Taken"/>, appended as the frame's <see cref="MaskProposed"/>)
/// or the earlier mask kept, with the refusal as a stable code and in words.
/// </summary>
/// <param name="ImageId">The frame.</param>
/// <param name="CentreId">The frame's centre (reads are cut to the caller's centres).</param>
/// <param name="Taken">True when the student's refined mask became the frame's proposal.</param>
/// <param name="Code">Why not, as a code: <c>box-refused:&lt;rejection&gt;</c>, <c>box-elsewhere</c>, <c>empty-mask</c>, <c>low-quality</c>, <c>unreadable</c>; null when taken.</param>
/// <param name="Reason">The same in words, with the numbers; null when taken.</param>
/// <param name="StudentBox">The box around the student's regions (kept or not), or null when it predicted nothing.</param>
/// <param name="Quality">The refined mask's quality, when the refiner ran.</param>
public sealed record SelfTrainingFrameOutcome(
    Guid ImageId, string CentreId, bool Taken, string? Code, string? Reason, FrameBox? StudentBox, double? Quality);

/// <summary>A batch of the round's frames was judged (and its new masks appended in the same transaction): the progress.</summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="Frames">Each frame's outcome.</param>
/// <param name="Seconds">Working seconds the batch took.</param>
/// <param name="Actor">The machine: the round's provenance.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingFramesJudged(
    Guid RoundId, IReadOnlyList<SelfTrainingFrameOutcome> Frames, double Seconds, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>A count of frames that kept their earlier mask for one reason.</summary>
/// <param name="Code">The refusal code (see <see cref="SelfTrainingFrameOutcome.Code"/>).</param>
/// <param name="Frames">How many frames.</param>
public sealed record SelfTrainingReasonCount(string Code, int Frames);

/// <summary>Every frame of the round was judged.</summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="FramesConsidered">Frames judged.</param>
/// <param name="NewMasks">Frames that got the student's refined mask as a new proposal.</param>
/// <param name="Kept">Frames that kept their earlier mask.</param>
/// <param name="KeptReasons">The kept frames by refusal code.</param>
/// <param name="Actor">The machine: the round's provenance.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundCompleted(
    Guid RoundId, int FramesConsidered, int NewMasks, int Kept, IReadOnlyList<SelfTrainingReasonCount> KeptReasons,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The round could not run; nothing more happens to it (frames judged before the failure keep their outcome).</summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="Reason">What went wrong and what to do (register a student, run the segment stage first, …).</param>
/// <param name="Actor">The machine: the worker.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundFailed(Guid RoundId, string Reason, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// An admin asked to stop a requested or running round. The worker honours it before it starts and between batches:
/// it records <see cref="SelfTrainingRoundCancelled"/> and judges nothing more; masks of batches recorded before stay.
/// </summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundCancelRequested(Guid RoundId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// The worker stopped a round that an admin cancelled: nothing more happens to it. Frames judged before keep their
/// outcome (and the taken ones their new mask); frames not yet judged got nothing.
/// </summary>
/// <param name="RoundId">The round's stream id.</param>
/// <param name="FramesConsidered">Frames judged before the stop.</param>
/// <param name="NewMasks">Of those, frames that got the student's refined mask.</param>
/// <param name="Kept">Of those, frames that kept their earlier mask.</param>
/// <param name="Actor">The machine: the worker.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record SelfTrainingRoundCancelled(Guid RoundId, int FramesConsidered, int NewMasks, int Kept, string Actor, DateTimeOffset At) : IHasActor;
