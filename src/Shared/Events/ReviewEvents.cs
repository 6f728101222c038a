using EndoKED.Shared.Live;
using EndoKED.Shared.Records;

namespace EndoKED.Shared.Events;

/// <summary>
/// A reader voted on an examination's label or an image's mask. Votes are independent facts appended to the item's own
/// stream; a reader's new vote supersedes their earlier one (<paramref name="SupersedesVote"/>) and both stay.
/// </summary>
/// <param name="ItemId">The examination or image stream.</param>
/// <param name="ItemKind">Examination or image.</param>
/// <param name="VoteId">This vote's id, so a later vote can name the one it supersedes.</param>
/// <param name="CentreId">The item's centre (access and per-centre statistics without a join).</param>
/// <param name="Reader">The user who voted.</param>
/// <param name="Verdict">Accept, reject or correct.</param>
/// <param name="ValueJson">Examinations: the value the reader stands for, <c>{"label":"present"}</c> and any corrected
/// findings fields; for an accept, the proposal that was accepted. Null for a reject and for images.</param>
/// <param name="MaskRle">Images: the corrected mask (correct), or the proposal that was accepted when it was known.</param>
/// <param name="Reason">The reason from the short taxonomy.</param>
/// <param name="ReasonText">Free text, required with <see cref="ReviewReason.Other"/>.</param>
/// <param name="SupersedesVote">The reader's earlier standing vote on this item, if any.</param>
/// <param name="At">When.</param>
[Live(LiveCentre.OfEvent)]
public sealed record VoteCast(
    Guid ItemId,
    ReviewItemKind ItemKind,
    Guid VoteId,
    string CentreId,
    string Reader,
    ReviewVerdict Verdict,
    string? ValueJson,
    MaskRle? MaskRle,
    ReviewReason Reason,
    string? ReasonText,
    Guid? SupersedesVote,
    DateTimeOffset At) : IHasActor, IReviewItemEvent
{
    /// <summary>The reader is the actor of a vote.</summary>
    public string Actor => Reader;
}

/// <summary>
/// The item's final label: what the readers agreed on under the consensus policy, or what a Lead decided. The only
/// final-label event, whichever way it was reached; dissenting votes are listed, never dropped.
/// </summary>
/// <param name="ItemId">The examination or image stream.</param>
/// <param name="ItemKind">Examination or image.</param>
/// <param name="CentreId">The item's centre.</param>
/// <param name="Outcome">Accept (the proposal stands), correct (the agreed value or mask replaces it) or reject (not usable).</param>
/// <param name="Label">Examinations: the final polyp label (null when rejected).</param>
/// <param name="ValueJson">Examinations: the final value (null when rejected).</param>
/// <param name="MaskRle">Images: the final mask when known (null when rejected, or an accepted proposal this stream does not hold).</param>
/// <param name="Method">Consensus or adjudication.</param>
/// <param name="VotesConsidered">The standing votes the decision looked at.</param>
/// <param name="Dissent">The standing votes it did not follow.</param>
/// <param name="Actor">The policy (<c>consensus:two-agreeing</c>) or the adjudicating Lead.</param>
/// <param name="At">When.</param>
[Live(LiveCentre.OfEvent)]
public sealed record ConsensusReached(
    Guid ItemId,
    ReviewItemKind ItemKind,
    string CentreId,
    ReviewVerdict Outcome,
    PolypLabel? Label,
    string? ValueJson,
    MaskRle? MaskRle,
    ConsensusMethod Method,
    IReadOnlyList<Guid> VotesConsidered,
    IReadOnlyList<DissentingVote> Dissent,
    string Actor,
    DateTimeOffset At) : IHasActor, IReviewItemEvent;

/// <summary>The readers did not converge (enough of them voted and too few agree, or a tie): a Lead must decide.</summary>
/// <param name="ItemId">The examination or image stream.</param>
/// <param name="ItemKind">Examination or image.</param>
/// <param name="CentreId">The item's centre (the Leads of that centre adjudicate).</param>
/// <param name="Reason">Why, in words: <c>3 readers, no 2 agree (accept 1, reject 1, correct 1)</c>.</param>
/// <param name="VotesConsidered">The standing votes at that moment.</param>
/// <param name="Actor">The policy that asked.</param>
/// <param name="At">When.</param>
[Live(LiveCentre.OfEvent)]
public sealed record AdjudicationRequested(
    Guid ItemId,
    ReviewItemKind ItemKind,
    string CentreId,
    string Reason,
    IReadOnlyList<Guid> VotesConsidered,
    string Actor,
    DateTimeOffset At) : IHasActor, IReviewItemEvent;

/// <summary>A Lead decided an item that did not converge; a <see cref="ConsensusReached"/> with method adjudication follows.</summary>
/// <param name="ItemId">The examination or image stream.</param>
/// <param name="ItemKind">Examination or image.</param>
/// <param name="CentreId">The item's centre.</param>
/// <param name="Verdict">Accept, reject or correct, as for a vote.</param>
/// <param name="ValueJson">Examinations: the decided value.</param>
/// <param name="MaskRle">Images: the decided mask.</param>
/// <param name="Reason">The reason from the taxonomy.</param>
/// <param name="ReasonText">Free text.</param>
/// <param name="Actor">The Lead (or Admin).</param>
/// <param name="At">When.</param>
[Live(LiveCentre.OfEvent)]
public sealed record Adjudicated(
    Guid ItemId,
    ReviewItemKind ItemKind,
    string CentreId,
    ReviewVerdict Verdict,
    string? ValueJson,
    MaskRle? MaskRle,
    ReviewReason Reason,
    string? ReasonText,
    string Actor,
    DateTimeOffset At) : IHasActor, IReviewItemEvent;

/// <summary>
/// A reader took back their vote shortly after casting it (undo). The vote stays in the stream; this event supersedes
/// it, so the reader has no standing vote on the item any more and the item waits for them again.
/// </summary>
/// <param name="ItemId">The examination or image stream.</param>
/// <param name="ItemKind">Examination or image.</param>
/// <param name="VoteId">The withdrawn vote (the reader's standing vote).</param>
/// <param name="CentreId">The item's centre.</param>
/// <param name="Reader">The reader who withdrew it (always the one who cast it).</param>
/// <param name="At">When.</param>
[Live(LiveCentre.OfEvent)]
public sealed record VoteWithdrawn(
    Guid ItemId,
    ReviewItemKind ItemKind,
    Guid VoteId,
    string CentreId,
    string Reader,
    DateTimeOffset At) : IHasActor, IReviewItemEvent
{
    /// <summary>The reader is the actor of a withdrawal.</summary>
    public string Actor => Reader;
}
