using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>What a promotion decided: the event, or nothing with a reason (<see cref="AlreadyCurrent"/> is not an error).</summary>
public sealed record PromotionDecision(object? Event, string? Problem, bool NotFound = false, bool AlreadyCurrent = false);

/// <summary>What a model is promoted to: the segment stage's mask proposer (students) or the score stage's frame scorer (MIL heads).</summary>
public static class PromotionRoles
{
    public const string Proposer = "proposer";
    public const string Scorer = "scorer";

    /// <summary>The role a model of this kind takes when none is named; null for a kind that is never promoted.</summary>
    public static string? Of(string kind) => kind switch
    {
        TrainingRunKinds.Student => Proposer,
        TrainingRunKinds.Mil => Scorer,
        _ => null,
    };
}

/// <summary>
/// The promotion rules, pure. A registered segmentation student becomes the mask proposer (rounds count promotions); a
/// registered MIL head becomes the frame scorer. An optical-biopsy head classifies examinations and is neither; a model
/// asked to take the other kind's role is refused. Promoting the one already in place changes nothing.
/// </summary>
public static class PromotionDecider
{
    public static PromotionDecision Promote(ModelView? model, MaskProposerView? proposer, string actor, DateTimeOffset now) =>
        Promote(model, PromotionRoles.Proposer, proposer, null, actor, now);

    public static PromotionDecision Promote(ModelView? model, string? role, MaskProposerView? proposer, FrameScorerView? scorer,
        string actor, DateTimeOffset now)
    {
        if (model is null) return new(null, null, NotFound: true);
        var natural = PromotionRoles.Of(model.Kind);
        role ??= natural;
        if (role is not (PromotionRoles.Proposer or PromotionRoles.Scorer))
            return new(null, role is null
                ? $"Model {model.ModelVersion} is an optical-biopsy classifier: it neither proposes masks nor scores frames."
                : $"Unknown role '{role}': use {PromotionRoles.Proposer} (a student proposes masks) or {PromotionRoles.Scorer} (a MIL head scores frames).");
        if (role != natural)
            return new(null, role == PromotionRoles.Scorer
                ? $"Model {model.ModelVersion} is {Describe(model.Kind)}, not a MIL head: only a frame scorer trained from the labels scores frames."
                : $"Model {model.ModelVersion} is {Describe(model.Kind)}, not a segmentation student: only students propose masks.");
        return role == PromotionRoles.Scorer ? Scorer(model, scorer, actor, now) : Proposer(model, proposer, actor, now);
    }

    private static PromotionDecision Proposer(ModelView model, MaskProposerView? proposer, string actor, DateTimeOffset now)
    {
        if (proposer?.Current is { } current && current.ModelId == model.Id)
            return new(null, $"Model {model.ModelVersion} is already the mask proposer (round {current.Round}, promoted by {current.PromotedBy}).",
                AlreadyCurrent: true);
        var round = (proposer?.Promotions.Count ?? 0) + 1;
        return new(new ModelPromoted(MaskProposerView.StreamId, model.Id, model.ModelVersion, model.OnnxSha256, round,
            proposer?.Current?.ModelId, actor, now), null);
    }

    private static PromotionDecision Scorer(ModelView model, FrameScorerView? scorer, string actor, DateTimeOffset now)
    {
        if (scorer?.Current is { } current && current.ModelId == model.Id)
            return new(null, $"Model {model.ModelVersion} is already the frame scorer (promoted by {current.PromotedBy}).", AlreadyCurrent: true);
        return new(new FrameScorerPromoted(FrameScorerView.StreamId, model.Id, model.ModelVersion, model.OnnxSha256,
            scorer?.Current?.ModelId, actor, now), null);
    }

    private static string Describe(string kind) => kind switch
    {
        TrainingRunKinds.Student => "a segmentation student",
        TrainingRunKinds.Mil => "a MIL head (frame scorer)",
        TrainingRunKinds.Biopsy => "an optical-biopsy classifier",
        _ => $"a '{kind}' model",
    };
}
