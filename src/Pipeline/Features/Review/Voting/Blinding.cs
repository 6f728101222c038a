using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>What a reader is shown of an item under review.</summary>
/// <param name="YourVote">The caller's standing vote, if any.</param>
/// <param name="OthersVisible">Whether the others' votes are shown (see <see cref="Blinding"/>).</param>
/// <param name="OtherVotes">The others' standing votes; empty while blinded.</param>
/// <param name="OtherVoteCount">How many others voted; null while blinded (even a count can sway a reader).</param>
/// <param name="ProposedMask">Images: the mask to confirm: a reader's correction once there is one, else the machines' proposal.</param>
/// <param name="MaskBy">Images: the reader who drew <paramref name="ProposedMask"/>; null for a machine's proposal.</param>
/// <param name="MaskVersion">Images: the stream version of that reader's correction.</param>
public sealed record ReviewItemView(
    Guid Id, ReviewItemKind Kind, string CentreId, ReviewStage Stage, PolypLabel? ProposedLabel, MaskRle? ProposedMask,
    ReviewVote? YourVote, bool OthersVisible, IReadOnlyList<ReviewVote> OtherVotes, int? OtherVoteCount,
    ConsensusReached? Final, string? AdjudicationReason, long Version, string? MaskBy = null, long? MaskVersion = null);

/// <summary>
/// Blinding (pure): a reader sees the others' votes only after casting their own. Once the item is final everyone who
/// sees it sees how it was reached; while it waits for adjudication its Leads (and Admins) see the votes they decide on.
/// </summary>
public static class Blinding
{
    public static bool SeesOthers(ReviewState state, AccessScope scope) =>
        state.Stage == ReviewStage.Final
        || state.StandingVoteOf(scope.Actor) is not null
        || (state.Stage == ReviewStage.Adjudication && scope.IsLeadOrAdmin);

    public static ReviewItemView Show(ReviewState state, AccessScope scope)
    {
        var sees = SeesOthers(state, scope);
        var others = state.StandingVotes.Where(v => v.Reader != scope.Actor).ToList();
        // A reader's correction is shown to whoever confirms it: it is the mask on the table, not a tally of votes.
        return new ReviewItemView(state.Id, state.Kind, state.CentreId, state.Stage, state.ProposedLabel, state.MaskToConfirm,
            state.StandingVoteOf(scope.Actor), sees, sees ? others : [], sees ? others.Count : null,
            state.Final, sees ? state.AdjudicationReason : null, state.Version, state.Correction?.Reader, state.Correction?.Version);
    }

    /// <summary>
    /// Whether an event of the item's history must be hidden from this caller: the others' votes, and the request for
    /// adjudication (its reason tallies them), while the caller is blinded.
    /// </summary>
    public static bool Hides(ReviewState state, AccessScope scope, object @event) =>
        !SeesOthers(state, scope) && @event switch
        {
            VoteCast v => v.Reader != scope.Actor,
            VoteWithdrawn w => w.Reader != scope.Actor,
            AdjudicationRequested => true,
            _ => false,
        };
}
