using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Claiming;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Claiming;

public class ClaimDeciderTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_free_item_is_claimed_for_the_timeout()
    {
        var exam = Exam();
        var (claim, refusal) = ClaimDecider.Decide(exam, exam.Kind, null, Clinician("ann"), Ten, T0);
        Assert.Null(refusal);
        Assert.Equal(("ann", T0 + Ten), (claim!.Reader, claim.ExpiresAt));
    }

    [Fact]
    public void Someone_elses_live_claim_is_a_conflict_that_names_them()
    {
        var exam = Exam();
        var (held, _) = ClaimDecider.Decide(exam, exam.Kind, null, Clinician("ann"), Ten, T0);
        var (claim, refusal) = ClaimDecider.Decide(exam, exam.Kind, held, Clinician("ben"), Ten, T0.AddMinutes(9));
        Assert.Null(claim);
        Assert.Equal(RefusalKind.Conflict, refusal!.Kind);
        Assert.Contains("ann", refusal.Detail);
    }

    [Fact]
    public void An_expired_claim_can_be_taken_over_and_ones_own_claim_is_renewed()
    {
        var exam = Exam();
        var (held, _) = ClaimDecider.Decide(exam, exam.Kind, null, Clinician("ann"), Ten, T0);
        var (taken, _) = ClaimDecider.Decide(exam, exam.Kind, held, Clinician("ben"), Ten, T0.AddMinutes(11));
        Assert.Equal("ben", taken!.Reader);
        var (renewed, _) = ClaimDecider.Decide(exam, exam.Kind, held, Clinician("ann"), Ten, T0.AddMinutes(5));
        Assert.Equal((T0, T0.AddMinutes(15)), (renewed!.ClaimedAt, renewed.ExpiresAt));
    }

    [Fact]
    public void An_item_of_another_centre_cannot_be_claimed_and_is_not_found()
    {
        var exam = Exam(centre: "centre-a");
        Assert.Equal(RefusalKind.NotFound, ClaimDecider.Decide(exam, exam.Kind, null, Clinician("bob", "centre-b"), Ten, T0).Refusal?.Kind);
    }
}
