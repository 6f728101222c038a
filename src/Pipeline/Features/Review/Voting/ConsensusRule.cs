using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>
/// The consensus policy applied to an item's standing votes (pure): a final label, a request for adjudication, or
/// nothing yet. Only an item still in voting is looked at; after a final label or a request for a Lead, later votes
/// are recorded (dissent and late agreement are facts too) but decide nothing.
/// </summary>
public static class ConsensusRule
{
    public static object? Evaluate(ReviewState state, ConsensusPolicy policy, double maskIoU, DateTimeOffset now)
    {
        if (state.Stage != ReviewStage.Voting) return null;
        var standing = state.StandingVotes;
        if (standing.Count == 0) return null;

        var groups = VoteGroups.Of(state, standing, maskIoU);
        var top = groups[0];
        var unique = groups.Count == 1 || groups[1].Votes.Count < top.Votes.Count;
        var allIn = standing.Count >= policy.Readers;
        var considered = standing.Select(v => v.VoteId).ToList();

        if (top.Votes.Count >= policy.Agreeing && unique && (policy.StopEarly || allIn))
        {
            var dissent = standing.Where(v => !top.Votes.Contains(v)).Select(v => v.AsDissent()).ToList();
            return Final(state, top, ConsensusMethod.Consensus, considered, dissent, policy.Actor, now);
        }

        if (!allIn) return null;
        var tally = string.Join(", ", standing.GroupBy(v => v.Verdict).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"));
        var reason = top.Votes.Count >= policy.Agreeing
            ? $"{standing.Count} readers, tied between {groups.Count(g => g.Votes.Count == top.Votes.Count)} answers ({tally})"
            : $"{standing.Count} readers, no {policy.Agreeing} agree ({tally})";
        return new AdjudicationRequested(state.Id, state.Kind, state.CentreId, reason, considered, policy.Actor, now);
    }

    /// <summary>The final-label event for a group of agreeing votes (or a Lead's decision).</summary>
    public static ConsensusReached Final(
        ReviewState state, VoteGroup group, ConsensusMethod method, IReadOnlyList<Guid> considered,
        IReadOnlyList<DissentingVote> dissent, string actor, DateTimeOffset now) =>
        new(state.Id, state.Kind, state.CentreId, group.Verdict,
            state.Kind == ReviewItemKind.Examination ? ReviewValues.LabelOf(group.ValueJson) : null,
            group.ValueJson, group.Mask, method, considered, dissent, actor, now);
}
