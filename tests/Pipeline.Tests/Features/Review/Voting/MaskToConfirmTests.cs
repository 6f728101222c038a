using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Voting;

/// <summary>A reader's corrected mask is the mask the next reader confirms.</summary>
public class MaskToConfirmTests
{
    [Fact]
    public void After_a_correction_the_mask_on_show_is_the_readers_and_an_accept_of_it_agrees_with_the_correction()
    {
        var proposed = Rect(2, 2, 12, 12);
        var drawn = Rect(4, 4, 30, 20);
        var corrected = Image().WithMaskProposal(proposed).Vote(Clinician("ann"), CorrectMask(drawn));
        Assert.Equal(drawn, corrected.MaskToConfirm);
        Assert.Equal("ann", corrected.Correction!.Reader);
        var view = Blinding.Show(corrected, Lead("lena"));
        Assert.Equal((drawn, "ann"), (view.ProposedMask, view.MaskBy));

        var confirmed = corrected.Vote(Lead("lena"), Accept());
        Assert.Equal(drawn, confirmed.StandingVoteOf("lena")!.Mask); // the accept stands for the mask on show
        Assert.Equal(ReviewStage.Final, confirmed.Stage);
        Assert.Equal((ReviewVerdict.Correct, drawn), (confirmed.Final!.Outcome, confirmed.Final.MaskRle));
    }

    [Fact]
    public void An_accept_of_the_machines_proposal_does_not_agree_with_a_later_correction()
    {
        var image = Image().WithMaskProposal(Rect(2, 2, 12, 12)).Vote(Clinician("ann"), Accept()).Vote(Clinician("ben"), CorrectMask(Rect(4, 4, 30, 20)));
        Assert.Equal(ReviewStage.Voting, image.Stage);
    }

    [Fact]
    public void A_new_proposal_or_the_withdrawal_of_the_correction_puts_the_machines_mask_back_on_show()
    {
        var proposed = Rect(2, 2, 12, 12);
        var corrected = Image().WithMaskProposal(proposed).Vote(Clinician("ann"), CorrectMask(Rect(4, 4, 30, 20)));
        var newer = Rect(3, 3, 13, 13);
        Assert.Equal(newer, corrected.WithMaskProposal(newer).MaskToConfirm);

        var vote = corrected.StandingVoteOf("ann")!;
        var withdrawn = corrected.Apply(new VoteWithdrawn(corrected.Id, ReviewItemKind.Image, vote.VoteId, "centre-a", "ann", T0.AddMinutes(1)));
        Assert.Equal(proposed, withdrawn.MaskToConfirm);
        Assert.Null(withdrawn.Correction);
    }
}
