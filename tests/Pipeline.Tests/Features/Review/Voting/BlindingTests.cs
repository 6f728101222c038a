using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Voting;

public class BlindingTests
{
    [Fact]
    public void A_reader_who_has_not_voted_sees_neither_the_others_votes_nor_how_many_there_are()
    {
        var exam = Exam().Vote(Clinician("ann"), Reject());
        var shown = Blinding.Show(exam, Clinician("ben"));
        Assert.False(shown.OthersVisible);
        Assert.Empty(shown.OtherVotes);
        Assert.Null(shown.OtherVoteCount);
        Assert.Null(shown.YourVote);
    }

    [Fact]
    public void After_voting_a_reader_sees_the_others_votes_and_their_own()
    {
        var exam = Exam().Vote(Clinician("ann"), Reject()).Vote(Clinician("ben"), Accept());
        var shown = Blinding.Show(exam, Clinician("ben"));
        Assert.True(shown.OthersVisible);
        Assert.Equal("ann", Assert.Single(shown.OtherVotes).Reader);
        Assert.Equal(ReviewVerdict.Accept, shown.YourVote!.Verdict);
    }

    [Fact]
    public void A_lead_sees_the_votes_of_an_item_waiting_for_adjudication_but_a_clinician_who_did_not_vote_does_not()
    {
        var exam = Exam().Vote(Clinician("a"), Accept()).Vote(Clinician("b"), Reject()).Vote(Clinician("c"), Correct("{\"label\":\"absent\"}"));
        Assert.Equal(ReviewStage.Adjudication, exam.Stage);
        Assert.True(Blinding.Show(exam, Lead("lena")).OthersVisible);
        Assert.False(Blinding.Show(exam, Clinician("dan")).OthersVisible);
    }

    [Fact]
    public void Once_final_everyone_who_sees_the_item_sees_how_it_was_reached()
    {
        var exam = Exam().Vote(Clinician("a"), Accept()).Vote(Clinician("b"), Accept());
        Assert.Equal(2, Blinding.Show(exam, Clinician("dan")).OtherVoteCount);
    }

    [Fact]
    public void The_history_hides_the_others_votes_from_a_blinded_reader_but_not_their_own()
    {
        var exam = Exam().Vote(Clinician("ann"), Reject());
        var annsVote = new VoteCast(exam.Id, ReviewItemKind.Examination, exam.Votes[0].VoteId, "centre-a", "ann",
            ReviewVerdict.Reject, null, null, ReviewReason.NotALesion, null, null, T0);
        Assert.True(Blinding.Hides(exam, Clinician("ben"), annsVote));
        Assert.False(Blinding.Hides(exam, Clinician("ann"), annsVote));
    }
}
