using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Shared.Events;

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
        var e = Assert.IsType<ModelPromoted>(PromotionDecider.Promote(model, null, "admin", At).Event);
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
        var e = Assert.IsType<ModelPromoted>(PromotionDecider.Promote(a, After(a, b), "admin", At).Event);
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

    private static ModelView Mil(string version) => Model(version) with { Kind = TrainingRunKinds.Mil, Threshold = 0.5 };

    [Fact]
    public void A_MIL_head_becomes_the_frame_scorer_naming_the_one_it_replaces()
    {
        var (first, second) = (Mil("mil-a"), Mil("mil-b"));
        var e = Assert.IsType<FrameScorerPromoted>(PromotionDecider.Promote(first, null, null, null, "admin", At).Event);
        Assert.Equal((FrameScorerView.StreamId, first.Id, "mil-a-sha", (Guid?)null, "admin"), (e.ScorerId, e.ModelId, e.OnnxSha256, e.PreviousModelId, e.Actor));
        var scorer = new FrameScorerView { Id = FrameScorerView.StreamId, Promotions = [new PromotedFrameScorer(first.Id, "mil-a", "mil-a-sha", "admin", At)] };
        var next = Assert.IsType<FrameScorerPromoted>(PromotionDecider.Promote(second, PromotionRoles.Scorer, null, scorer, "admin2", At).Event);
        Assert.Equal(first.Id, next.PreviousModelId);
        var again = PromotionDecider.Promote(first, null, null, scorer, "admin", At);
        Assert.True(again.AlreadyCurrent);
        Assert.Null(again.Event);
    }

    [Theory]
    [InlineData(TrainingRunKinds.Student)]
    [InlineData(TrainingRunKinds.Biopsy)]
    public void Only_a_MIL_head_can_become_the_frame_scorer(string kind)
    {
        var decision = PromotionDecider.Promote(Model("other") with { Kind = kind }, PromotionRoles.Scorer, null, null, "admin", At);
        Assert.Null(decision.Event);
        Assert.False(decision.NotFound || decision.AlreadyCurrent);
        Assert.Contains("not a MIL head", decision.Problem);
    }

    [Fact]
    public void A_MIL_head_cannot_propose_masks()
    {
        var decision = PromotionDecider.Promote(Mil("mil-a"), PromotionRoles.Proposer, null, null, "admin", At);
        Assert.Null(decision.Event);
        Assert.Contains("not a segmentation student", decision.Problem);
    }
}
