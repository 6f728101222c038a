using EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTrainingOnFolders;

public sealed class BoxAgreementTests
{
    private static readonly int[] Cam = [100, 100, 300, 260];

    [Fact]
    public void A_student_box_inside_a_large_earlier_box_agrees()
    {
        // The usual case: the CAM box is too large for its polyp and the student's box is the polyp's.
        Assert.Null(BoxAgreement.Disagreement([150, 140, 210, 200], Cam));
    }

    [Fact]
    public void A_student_box_that_grows_around_the_earlier_box_agrees()
    {
        Assert.Null(BoxAgreement.Disagreement([90, 90, 320, 280], Cam));
    }

    [Fact]
    public void A_student_box_elsewhere_in_the_frame_is_a_disagreement_that_names_both_boxes()
    {
        var why = BoxAgreement.Disagreement([320, 20, 380, 90], Cam);
        Assert.NotNull(why);
        Assert.Contains("[320,20,380,90]", why);
        Assert.Contains("[100,100,300,260]", why);
    }

    [Fact]
    public void A_box_half_outside_and_small_against_the_earlier_box_disagrees_at_the_limits()
    {
        // 40 % of the student box inside, IoU far under 0.3: refused; 60 % inside: kept.
        Assert.NotNull(BoxAgreement.Disagreement([260, 100, 360, 200], Cam));
        Assert.Null(BoxAgreement.Disagreement([240, 100, 340, 200], Cam));
    }

    [Fact]
    public void Without_an_earlier_box_any_student_box_agrees()
    {
        Assert.Null(BoxAgreement.Disagreement([0, 0, 10, 10], null));
    }
}
