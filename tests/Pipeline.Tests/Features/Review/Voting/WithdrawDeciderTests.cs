using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Voting;

public class WithdrawDeciderTests
{
    private static ReviewDecision Withdraw(ReviewState state, string reader, Guid voteId, TimeSpan after) =>
        WithdrawDecider.Decide(new WithdrawVote(state.Kind, state.Id, voteId), state, Clinician(reader), T0.AddMinutes(1) + after);

    [Fact]
    public void A_reader_takes_back_their_vote_within_a_minute_and_both_events_stay_with_no_standing_vote_left()
    {
        var voted = Exam().Vote(Clinician("ann"), Accept());
        var mine = voted.StandingVoteOf("ann")!;
        var decision = Withdraw(voted, "ann", mine.VoteId, TimeSpan.FromSeconds(40));
        var withdrawn = Assert.IsType<VoteWithdrawn>(Assert.Single(decision.Events));
        Assert.Equal((mine.VoteId, "ann"), (withdrawn.VoteId, withdrawn.Actor));

        var after = ReviewState.Fold(decision.Events, voted);
        Assert.Null(after.StandingVoteOf("ann"));
        Assert.Empty(after.StandingVotes);
        Assert.Single(after.Votes); // the vote stays in the history

        // Voting again is a fresh vote: it supersedes nothing standing.
        var again = after.Vote(Clinician("ann"), Reject());
        Assert.Equal(ReviewVerdict.Reject, again.StandingVoteOf("ann")!.Verdict);
    }

    [Fact]
    public void Undo_is_refused_after_a_minute_for_someone_elses_vote_and_once_the_item_is_decided()
    {
        var voted = Exam().Vote(Clinician("ann"), Accept());
        var ann = voted.StandingVoteOf("ann")!.VoteId;
        Assert.Contains("one minute", Withdraw(voted, "ann", ann, TimeSpan.FromSeconds(61)).Refusal?.Detail);
        Assert.Equal(RefusalKind.Conflict, Withdraw(voted, "bob", ann, TimeSpan.Zero).Refusal?.Kind);

        var decided = voted.Vote(Clinician("bob"), Accept());
        Assert.Equal(ReviewStage.Final, decided.Stage);
        var bob = decided.StandingVoteOf("bob")!.VoteId;
        Assert.Contains("part of the decision", WithdrawDecider.Decide(new WithdrawVote(decided.Kind, decided.Id, bob), decided, Clinician("bob"), T0.AddMinutes(2)).Refusal?.Detail);
    }

    [Fact]
    public void A_reader_who_withdrew_is_blinded_again()
    {
        var state = Exam().Vote(Clinician("ann"), Accept());
        state = ReviewState.Fold(Withdraw(state, "ann", state.StandingVoteOf("ann")!.VoteId, TimeSpan.Zero).Events, state);
        Assert.False(Blinding.SeesOthers(state, Clinician("ann")));
    }
}
