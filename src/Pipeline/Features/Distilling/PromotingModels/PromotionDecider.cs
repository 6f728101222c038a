using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>What a promotion decided: the event, or nothing with a reason (<see cref="AlreadyCurrent"/> is not an error).</summary>
public sealed record PromotionDecision(ModelPromoted? Event, string? Problem, bool NotFound = false, bool AlreadyCurrent = false);

/// <summary>
/// The promotion rule, pure: a registered segmentation student (an optical-biopsy head classifies examinations; it
/// cannot propose masks), not already the proposer; rounds count promotions.
/// </summary>
public static class PromotionDecider
{
    public static PromotionDecision Promote(ModelView? model, MaskProposerView? proposer, string actor, DateTimeOffset now)
    {
        if (model is null) return new(null, null, NotFound: true);
        if (model.Kind != FollowingTrainingRuns.TrainingRunKinds.Student)
            return new(null, $"Model {model.ModelVersion} is an optical-biopsy classifier, not a segmentation student: only students propose masks.");
        if (proposer?.Current is { } current && current.ModelId == model.Id)
            return new(null, $"Model {model.ModelVersion} is already the mask proposer (round {current.Round}, promoted by {current.PromotedBy}).",
                AlreadyCurrent: true);
        var round = (proposer?.Promotions.Count ?? 0) + 1;
        return new(new ModelPromoted(MaskProposerView.StreamId, model.Id, model.ModelVersion, model.OnnxSha256, round,
            proposer?.Current?.ModelId, actor, now), null);
    }
}
