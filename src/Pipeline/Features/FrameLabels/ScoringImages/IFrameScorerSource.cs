using Marten;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>A registered frame scorer (MIL head): where its bytes are and how to read its probabilities.</summary>
public sealed record FrameScorerReference(Guid ModelId, string ModelVersion, string OnnxSha256, double Threshold, string FeatureExtractorVersion);

/// <summary>
/// The frame scorers the ledger knows: the promoted one, and any registered one by id (a pipeline run pins the one in
/// force when it started). Asked once per examination, so a promotion takes effect at the next one on every worker.
/// </summary>
public interface IFrameScorerSource
{
    Task<FrameScorerReference?> PromotedAsync(IQuerySession session, CancellationToken ct);

    Task<FrameScorerReference?> ByIdAsync(Guid modelId, IQuerySession session, CancellationToken ct);
}
