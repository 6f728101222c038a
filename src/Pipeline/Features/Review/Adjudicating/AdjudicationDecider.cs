using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Adjudicating;

/// <summary>A Lead's decision on an item that did not converge.</summary>
public sealed record Adjudicate(ReviewItemKind Kind, Guid ItemId, VoteContent Content);

/// <summary>
/// Pure: a Lead of the item's centre (or an Admin) decides an item waiting for adjudication. The decision is recorded
/// as <see cref="Adjudicated"/> and the final label as <see cref="ConsensusReached"/> with method adjudication; the
/// standing votes that say otherwise are its dissent.
/// </summary>
public static class AdjudicationDecider
{
    public static ReviewDecision Decide(Adjudicate command, ReviewState state, AccessScope scope, ReviewOptions options, DateTimeOffset now)
    {
        if (ReviewAccess.MayAdjudicate(state, command.Kind, scope) is { } refused) return ReviewDecision.Refused(refused);
        if (state.Stage != ReviewStage.Adjudication)
        {
            return ReviewDecision.Refused(new ReviewRefusal(RefusalKind.Conflict, state.Stage == ReviewStage.Final
                ? "The item already has a final label; nothing to adjudicate."
                : $"The item is not waiting for adjudication: the readers are still voting ({state.StandingVotes.Count} of {options.ConsensusPolicy.Readers})."));
        }

        var (content, invalid) = VoteContentRules.Resolve(command.Content, state);
        if (invalid is not null) return ReviewDecision.Refused(invalid);

        var decision = new ReviewVote(Guid.Empty, scope.Actor, content!.Verdict, content.ValueJson, content.Mask, content.Reason, content.ReasonText, null, now);
        var standing = state.StandingVotes;
        var upheld = standing.Where(v => VoteGroups.Agree(state.Kind, decision, v, options.MaskAgreementIoU)).ToList();
        var group = new VoteGroup(Verdict(state, content), [decision, .. upheld], content.ValueJson, content.Mask);
        var dissent = standing.Except(upheld).Select(v => v.AsDissent()).ToList();
        return new ReviewDecision(
        [
            new Adjudicated(state.Id, state.Kind, state.CentreId, content.Verdict, content.ValueJson, content.Mask, content.Reason, content.ReasonText, scope.Actor, now),
            ConsensusRule.Final(state, group, ConsensusMethod.Adjudication, [.. standing.Select(v => v.VoteId)], dissent, scope.Actor, now),
        ], null);
    }

    // A correction that restates the proposal is an accept, as for votes.
    private static ReviewVerdict Verdict(ReviewState state, VoteContent content) =>
        state.Kind == ReviewItemKind.Examination && content.Verdict == ReviewVerdict.Correct && content.ValueJson == state.ProposedValueJson
            ? ReviewVerdict.Accept
            : content.Verdict;
}
