using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>
/// The ledger's frame scorers for the score stage: the promoted one read from the frame-scorer stream on each ask (one
/// small document load, so a promotion takes effect at the next examination on every worker), or a registered one by id.
/// </summary>
public sealed class PromotedFrameScorers : IFrameScorerSource
{
    public async Task<FrameScorerReference?> PromotedAsync(IQuerySession session, CancellationToken ct)
    {
        var scorer = await session.LoadAsync<FrameScorerView>(FrameScorerView.StreamId, ct);
        return scorer?.Current is { } current ? await ByIdAsync(current.ModelId, session, ct) : null;
    }

    public async Task<FrameScorerReference?> ByIdAsync(Guid modelId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ModelView>(modelId, ct) is { Kind: TrainingRunKinds.Mil } model
            ? new FrameScorerReference(model.Id, model.ModelVersion, model.OnnxSha256, model.Threshold ?? 0.5, model.FeatureExtractorVersion ?? "")
            : null;
}
