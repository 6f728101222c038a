using EndoKED.Pipeline.Features.Review;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Voting;

public class ConsensusPolicyTests
{
    private static readonly ReviewOptions MajorityOfThree = new() { Policy = ConsensusPolicyKind.MajorityOfThree };

    [Fact]
    public void Two_agreeing_votes_reach_consensus_under_the_two_agreeing_policy()
    {
        var exam = Exam(PolypLabel.Present).Vote(Clinician("ann"), Accept());
        Assert.Equal(ReviewStage.Voting, exam.Stage);
        var decision = Decide(exam, Clinician("ben"), Accept());
        var final = Assert.IsType<ConsensusReached>(decision.Events[^1]);
        Assert.Equal((ReviewVerdict.Accept, PolypLabel.Present, ConsensusMethod.Consensus, "consensus:two-agreeing"),
            (final.Outcome, final.Label, final.Method, final.Actor));
        Assert.Equal(2, final.VotesConsidered.Count);
        Assert.Empty(final.Dissent);
    }

    [Fact]
    public void Accepting_present_and_correcting_to_present_agree()
    {
        var exam = Exam(PolypLabel.Present).Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Correct("{\"label\":\"present\"}"));
        Assert.Equal(ReviewStage.Final, exam.Stage);
        Assert.Equal(ReviewVerdict.Accept, exam.Final!.Outcome);
    }

    [Fact]
    public void Two_agreeing_corrections_make_the_corrected_value_final_and_the_accept_is_kept_as_dissent()
    {
        var exam = Exam(PolypLabel.Present)
            .Vote(Clinician("ann"), Accept())
            .Vote(Clinician("ben"), Correct("{\"label\":\"absent\"}"))
            .Vote(Clinician("cat"), Correct("{\"label\":\"absent\"}"));
        var final = exam.Final!;
        Assert.Equal((ReviewVerdict.Correct, PolypLabel.Absent, "{\"label\":\"absent\"}"), (final.Outcome, final.Label, final.ValueJson));
        var dissent = Assert.Single(final.Dissent);
        Assert.Equal(("ann", ReviewVerdict.Accept), (dissent.Reader, dissent.Verdict));
    }

    [Fact]
    public void Accept_against_reject_waits_for_a_third_reader_under_two_agreeing()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Reject());
        Assert.Equal(ReviewStage.Voting, exam.Stage);
        Assert.Null(exam.Final);
    }

    [Fact]
    public void Three_readers_with_no_two_agreeing_go_to_adjudication_with_the_tally_as_reason()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Reject());
        var decision = Decide(exam, Clinician("cat"), Correct("{\"label\":\"absent\"}"));
        var request = Assert.IsType<AdjudicationRequested>(decision.Events[^1]);
        Assert.Equal("3 readers, no 2 agree (accept 1, reject 1, correct 1)", request.Reason);
        Assert.Equal(3, request.VotesConsidered.Count);
    }

    [Fact]
    public void An_accept_against_reject_tie_goes_to_adjudication_when_two_readers_is_the_most()
    {
        var twoReaders = new ReviewOptions { Policy = ConsensusPolicyKind.Custom, Readers = 2, Agreeing = 2 };
        var exam = Exam().Vote(Clinician("ann"), Accept(), twoReaders);
        var decision = Decide(exam, Clinician("ben"), Reject(), twoReaders);
        Assert.Contains("no 2 agree", Assert.IsType<AdjudicationRequested>(decision.Events[^1]).Reason);
    }

    [Fact]
    public void A_tie_between_two_pairs_goes_to_adjudication()
    {
        var fourReaders = new ReviewOptions { Policy = ConsensusPolicyKind.Custom, Readers = 4, Agreeing = 2, StopEarly = false };
        var exam = Exam().Vote(Clinician("a"), Accept(), fourReaders).Vote(Clinician("b"), Accept(), fourReaders)
            .Vote(Clinician("c"), Reject(), fourReaders);
        var decision = Decide(exam, Clinician("d"), Reject(), fourReaders);
        Assert.Contains("tied between 2 answers", Assert.IsType<AdjudicationRequested>(decision.Events[^1]).Reason);
    }

    [Fact]
    public void Majority_of_three_waits_for_the_third_reader_even_when_the_first_two_agree()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept(), MajorityOfThree).Vote(Clinician("ben"), Accept(), MajorityOfThree);
        Assert.Equal(ReviewStage.Voting, exam.Stage);
        exam = exam.Vote(Clinician("cat"), Reject(), MajorityOfThree);
        Assert.Equal(ReviewStage.Final, exam.Stage);
        Assert.Equal("consensus:majority-of-three", exam.Final!.Actor);
        Assert.Equal("cat", Assert.Single(exam.Final.Dissent).Reader);
    }

    [Fact]
    public void Votes_after_the_final_label_are_recorded_but_decide_nothing()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Accept());
        var late = Decide(exam, Clinician("cat"), Reject());
        Assert.IsType<VoteCast>(Assert.Single(late.Events));
    }

    [Fact]
    public void Changing_a_vote_counts_only_the_standing_one()
    {
        var exam = Exam().Vote(Clinician("ann"), Reject()).Vote(Clinician("ben"), Accept());
        exam = exam.Vote(Clinician("ann"), Accept());
        Assert.Equal(ReviewStage.Final, exam.Stage);
        Assert.Equal(2, exam.Final!.VotesConsidered.Count);
    }

    [Fact]
    public void One_reader_voting_twice_never_agrees_with_themself()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept()).Vote(Clinician("ann"), Accept());
        Assert.Equal(ReviewStage.Voting, exam.Stage);
    }

    [Fact]
    public void Two_corrected_masks_that_overlap_enough_agree_and_the_final_mask_is_one_a_reader_drew()
    {
        var a = Rect(5, 5, 25, 25);
        var b = Rect(6, 5, 25, 25); // IoU 0.95
        var image = Image().Vote(Clinician("ann"), CorrectMask(a)).Vote(Clinician("ben"), CorrectMask(b));
        Assert.Equal(ReviewStage.Final, image.Stage);
        Assert.Equal(ReviewVerdict.Correct, image.Final!.Outcome);
        Assert.Contains(image.Final.MaskRle, new[] { a, b });
        Assert.Null(image.Final.Label);
    }

    [Fact]
    public void Two_corrected_masks_that_overlap_too_little_do_not_agree()
    {
        var image = Image().Vote(Clinician("ann"), CorrectMask(Rect(0, 0, 20, 20))).Vote(Clinician("ben"), CorrectMask(Rect(10, 10, 30, 30)));
        Assert.Equal(ReviewStage.Voting, image.Stage);
    }

    [Fact]
    public void Two_accepts_of_an_image_accept_its_proposal_and_carry_the_proposed_mask_when_known()
    {
        var proposed = Rect(2, 2, 12, 12);
        var image = Image().WithMaskProposal(proposed).Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Accept());
        Assert.Equal((ReviewVerdict.Accept, proposed), (image.Final!.Outcome, image.Final.MaskRle));
    }
}
