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
