using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Adjudicating;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Adjudicating;

public class AdjudicationDeciderTests
{
    private static ReviewState Split() => Exam(PolypLabel.Present)
        .Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), Reject()).Vote(Clinician("cat"), Correct("{\"label\":\"absent\"}"));

    private static ReviewDecision Adjudicate(ReviewState state, AccessScope who, VoteContent content) =>
        AdjudicationDecider.Decide(new Adjudicate(state.Kind, state.Id, content), state, who, Options, T0.AddHours(1));

    [Fact]
    public void A_lead_adjudicates_and_the_final_label_says_it_was_adjudicated_by_them_with_the_dissent_kept()
    {
        var decision = Adjudicate(Split(), Lead("lena"), Correct("{\"label\":\"absent\"}") with { Reason = ReviewReason.MissedLesion });
        Assert.Null(decision.Refusal);
        var adjudicated = Assert.IsType<Adjudicated>(decision.Events[0]);
        var final = Assert.IsType<ConsensusReached>(decision.Events[1]);
        Assert.Equal(("lena", ReviewReason.MissedLesion), (adjudicated.Actor, adjudicated.Reason));
        Assert.Equal((ConsensusMethod.Adjudication, "lena", PolypLabel.Absent, ReviewVerdict.Correct), (final.Method, final.Actor, final.Label, final.Outcome));
        Assert.Equal(["ann", "ben"], final.Dissent.Select(d => d.Reader).Order());
        Assert.Equal(3, final.VotesConsidered.Count);
    }

    [Fact]
    public void A_lead_who_upholds_the_proposal_records_an_accept()
    {
        var final = Assert.IsType<ConsensusReached>(Adjudicate(Split(), Lead("lena"), Accept()).Events[1]);
        Assert.Equal((ReviewVerdict.Accept, PolypLabel.Present), (final.Outcome, final.Label));
        Assert.Equal(2, final.Dissent.Count);
    }

    [Fact]
    public void A_clinician_who_sees_the_item_may_not_adjudicate()
    {
        Assert.Equal(RefusalKind.Forbidden, Adjudicate(Split(), Clinician("dan"), Accept()).Refusal?.Kind);
    }

    [Fact]
    public void A_lead_of_another_centre_is_told_the_item_does_not_exist()
    {
        Assert.Equal(RefusalKind.NotFound, Adjudicate(Split(), Lead("lars", "centre-b"), Accept()).Refusal?.Kind);
    }

    [Fact]
    public void Only_an_item_waiting_for_adjudication_can_be_adjudicated()
    {
        var voting = Exam().Vote(Clinician("ann"), Accept());
        Assert.Equal(RefusalKind.Conflict, Adjudicate(voting, Lead("lena"), Accept()).Refusal?.Kind);
        var final = voting.Vote(Clinician("ben"), Accept());
        Assert.Contains("final", Adjudicate(final, Lead("lena"), Accept()).Refusal?.Detail);
    }

    [Fact]
    public void Votes_cast_while_waiting_for_a_lead_are_recorded_but_decide_nothing()
    {
        var decision = Decide(Split(), Clinician("dan"), Accept());
        Assert.IsType<VoteCast>(Assert.Single(decision.Events));
    }
}
