using EndoKED.Pipeline.Features.Review;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using EndoKED.Pipeline.Infrastructure.Access;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Voting;

public class VoteDeciderTests
{
    [Fact]
    public void A_clinician_of_the_items_centre_may_vote_and_the_vote_names_the_reader_and_the_accepted_proposal()
    {
        var exam = Exam(PolypLabel.Present);
        var decision = Decide(exam, Clinician("ann"), Accept());
        var vote = Assert.IsType<VoteCast>(Assert.Single(decision.Events));
        Assert.Equal(("ann", "ann", ReviewVerdict.Accept, "{\"label\":\"present\"}", "centre-a"),
            (vote.Reader, vote.Actor, vote.Verdict, vote.ValueJson, vote.CentreId));
        Assert.Null(vote.SupersedesVote);
    }

    [Fact]
    public void A_clinician_of_another_centre_is_told_the_item_does_not_exist()
    {
        var decision = Decide(Exam(centre: "centre-a"), Clinician("bob", "centre-b"), Accept());
        Assert.Equal(RefusalKind.NotFound, decision.Refusal?.Kind);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Leads_of_the_centre_and_admins_may_vote_too()
    {
        var exam = Exam();
        Assert.Null(Decide(exam, Lead("lena"), Accept()).Refusal);
        Assert.Null(Decide(exam, AccessScope.All("root"), Accept()).Refusal);
    }

    [Fact]
    public void An_account_without_a_reviewing_role_sees_the_item_but_may_not_vote()
    {
        var decision = Decide(Exam(), new AccessScope("svc", (Role)42, null), Accept());
        Assert.Equal(RefusalKind.Forbidden, decision.Refusal?.Kind);
    }

    [Fact]
    public void Asking_for_an_image_by_an_examination_id_finds_nothing()
    {
        var exam = Exam();
        var decision = VoteDeciderCall(exam with { }, ReviewItemKind.Image);
        Assert.Equal(RefusalKind.NotFound, decision.Refusal?.Kind);
    }

    [Fact]
    public void A_second_vote_by_the_same_reader_supersedes_the_first_and_both_are_kept()
    {
        var exam = Exam().Vote(Clinician("ann"), Accept());
        var first = exam.Votes[0].VoteId;
        exam = exam.Vote(Clinician("ann"), Correct("{\"label\":\"absent\"}"));
        Assert.Equal(2, exam.Votes.Count);
        Assert.Equal(first, exam.Votes[1].SupersedesVote);
        var standing = Assert.Single(exam.StandingVotes);
        Assert.Equal(ReviewVerdict.Correct, standing.Verdict);
    }

    [Fact]
    public void A_reject_or_a_correction_must_say_why_and_other_needs_words()
    {
        var exam = Exam();
        Assert.Equal(RefusalKind.Invalid, Decide(exam, Clinician("ann"), Reject(ReviewReason.Agree)).Refusal?.Kind);
        var other = Decide(exam, Clinician("ann"), Reject(ReviewReason.Other));
        Assert.Contains("reasonText", other.Refusal?.Detail);
        Assert.Null(Decide(exam, Clinician("ann"), Reject(ReviewReason.Other) with { ReasonText = "duplicate record" }).Refusal);
    }

    [Fact]
    public void Accepting_an_undecided_proposal_is_refused_with_what_to_send_instead()
    {
        var decision = Decide(Exam(PolypLabel.Undecided), Clinician("ann"), Accept());
        Assert.Equal(RefusalKind.Invalid, decision.Refusal?.Kind);
        Assert.Contains("correct", decision.Refusal!.Detail);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"label\":\"undecided\"}", "present")]
    [InlineData("{\"count\":2}", "present")]
    public void A_malformed_correction_value_says_what_is_wrong(string value, string expected)
    {
        var decision = Decide(Exam(), Clinician("ann"), Correct(value));
        Assert.Equal(RefusalKind.Invalid, decision.Refusal?.Kind);
        Assert.Contains(expected, decision.Refusal!.Detail);
    }

    [Fact]
    public void A_corrected_value_is_stored_canonically_so_the_same_value_compares_equal()
    {
        var exam = Exam(PolypLabel.Absent)
            .Vote(Clinician("ann"), Correct("{ \"size_mm\": 5, \"label\": \"present\" }"));
        Assert.Equal("{\"label\":\"present\",\"size_mm\":5}", exam.Votes[0].ValueJson);
    }

    [Fact]
    public void A_corrected_mask_must_match_the_frame_size_and_decode()
    {
        var image = Image(40, 30);
        var wrongSize = Decide(image, Clinician("ann"), CorrectMask(Rect(0, 0, 5, 5, 20, 20)));
        Assert.Contains("[30, 40]", wrongSize.Refusal?.Detail);
        var broken = Decide(image, Clinician("ann"), CorrectMask(new MaskRle(30, 40, "5")));
        Assert.Contains("cover", broken.Refusal?.Detail);
        Assert.Null(Decide(image, Clinician("ann"), CorrectMask(Rect(5, 5, 20, 20))).Refusal);
    }

    [Fact]
    public void Accept_and_reject_carry_no_value_or_mask()
    {
        var decision = Decide(Exam(), Clinician("ann"), Accept() with { ValueJson = "{\"label\":\"present\"}" });
        Assert.Equal(RefusalKind.Invalid, decision.Refusal?.Kind);
        Assert.Equal(RefusalKind.Invalid, Decide(Image(), Clinician("ann"), Reject() with { Mask = Rect(1, 1, 3, 3) }).Refusal?.Kind);
    }

    private static Pipeline.Features.Review.Voting.ReviewDecision VoteDeciderCall(ReviewState state, ReviewItemKind kind) =>
        Pipeline.Features.Review.Voting.VoteDecider.Decide(new(kind, state.Id, Accept()), state, Clinician("ann"), Options, Guid.NewGuid(), T0);
}
