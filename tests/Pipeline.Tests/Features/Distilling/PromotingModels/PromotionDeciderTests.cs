using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;

namespace EndoKED.Pipeline.Tests.Features.Distilling.PromotingModels;

public class PromotionDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ModelView Model(string version) => new() { Id = Guid.NewGuid(), ModelVersion = version, OnnxSha256 = version + "-sha" };

    private static MaskProposerView After(params ModelView[] promoted) => new()
    {
        Id = MaskProposerView.StreamId,
        Promotions = [.. promoted.Select((m, i) => new PromotedModel(i + 1, m.Id, m.ModelVersion, m.OnnxSha256, "admin", At))],
    };

    [Fact]
    public void The_first_promotion_opens_round_one_and_replaces_the_configured_refiner()
    {
        var model = Model("a");
        var e = PromotionDecider.Promote(model, null, "admin", At).Event!;
        Assert.Equal((1, model.Id, "a-sha", (Guid?)null, "admin"), (e.Round, e.ModelId, e.OnnxSha256, e.PreviousModelId, e.Actor));
        Assert.Equal(MaskProposerView.StreamId, e.ProposerId);
    }

    [Fact]
    public void Promoting_the_current_proposer_again_changes_nothing_and_says_so()
    {
        var model = Model("a");
        var decision = PromotionDecider.Promote(model, After(model), "admin2", At);
        Assert.Null(decision.Event);
        Assert.True(decision.AlreadyCurrent);
        Assert.Contains("already the mask proposer (round 1", decision.Problem);
    }

    [Fact]
    public void A_later_promotion_opens_the_next_round_naming_the_student_it_replaces_even_an_earlier_one_coming_back()
    {
        var (a, b) = (Model("a"), Model("b"));
        var e = PromotionDecider.Promote(a, After(a, b), "admin", At).Event!;
        Assert.Equal((3, b.Id), (e.Round, e.PreviousModelId));
        Assert.Equal([1, 3], (After(a, b) with { Promotions = [.. After(a, b).Promotions, new PromotedModel(3, a.Id, "a", "a-sha", "admin", At)] }).RoundsOf(a.Id));
    }

    [Fact]
    public void An_optical_biopsy_classifier_cannot_become_the_mask_proposer()
    {
        var biopsy = Model("biopsy-mlp-v1") with { Kind = EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns.TrainingRunKinds.Biopsy };
        var decision = PromotionDecider.Promote(biopsy, null, "admin", At);
        Assert.Null(decision.Event);
        Assert.False(decision.NotFound || decision.AlreadyCurrent);
        Assert.Contains("not a segmentation student", decision.Problem);
    }

    [Fact]
    public void An_unknown_model_is_not_found()
    {
        var decision = PromotionDecider.Promote(null, null, "admin", At);
        Assert.True(decision.NotFound);
        Assert.Null(decision.Event);
    }
}
