using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>A vote on an examination's label or an image's mask.</summary>
public sealed record CastVote(ReviewItemKind Kind, Guid ItemId, VoteContent Content);

/// <summary>The events to append, or why nothing is.</summary>
public sealed record ReviewDecision(IReadOnlyList<object> Events, ReviewRefusal? Refusal)
{
    public static ReviewDecision Refused(ReviewRefusal refusal) => new([], refusal);
}

/// <summary>
/// Pure: (vote, item state, caller, policy, now) → events. Who may vote (<see cref="ReviewAccess"/>), what the vote
/// must carry (<see cref="VoteContentRules"/>), one standing vote per reader (a new one names the one it supersedes),
/// then the consensus policy on the standing votes.
/// </summary>
public static class VoteDecider
{
    public static ReviewDecision Decide(
        CastVote command, ReviewState state, AccessScope scope, ReviewOptions options, Guid voteId, DateTimeOffset now)
    {
        if (ReviewAccess.MayVote(state, command.Kind, scope) is { } refused) return ReviewDecision.Refused(refused);
        var (content, invalid) = VoteContentRules.Resolve(command.Content, state);
        if (invalid is not null) return ReviewDecision.Refused(invalid);

        var vote = new VoteCast(state.Id, state.Kind, voteId, state.CentreId, scope.Actor, content!.Verdict, content.ValueJson,
            content.Mask, content.Reason, content.ReasonText, state.StandingVoteOf(scope.Actor)?.VoteId, now);
        var after = ConsensusRule.Evaluate(state.Apply(vote), options.ConsensusPolicy, options.MaskAgreementIoU, now);
        return new ReviewDecision(after is null ? [vote] : [vote, after], null);
    }
}
