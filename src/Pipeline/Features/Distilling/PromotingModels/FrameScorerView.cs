using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>One promotion of a frame scorer: who made which MIL head score frames, and when.</summary>
public sealed record PromotedFrameScorer(Guid ModelId, string ModelVersion, string OnnxSha256, string PromotedBy, DateTimeOffset PromotedAt);

/// <summary>
/// Read (and write) model of the deployment's frame scorer: the MIL head promoted last (null until one is), and every
/// promotion in order (each model's history on the Models page).
/// </summary>
public sealed record FrameScorerView
{
    /// <summary>The one frame-scorer stream of a deployment.</summary>
    public static readonly Guid StreamId = StableIds.From("frame-scorer");

    public Guid Id { get; init; }
    public IReadOnlyList<PromotedFrameScorer> Promotions { get; init; } = [];
    public long Version { get; set; }

    public PromotedFrameScorer? Current => Promotions.Count == 0 ? null : Promotions[^1];

    public IReadOnlyList<PromotedFrameScorer> PromotionsOf(Guid modelId) => [.. Promotions.Where(p => p.ModelId == modelId)];
}

/// <summary>Pure fold of the frame-scorer stream.</summary>
public sealed partial class FrameScorerProjection : SingleStreamProjection<FrameScorerView, Guid>
{
    public static FrameScorerView Create(FrameScorerPromoted e) => Apply(e, new FrameScorerView { Id = e.ScorerId });

    public static FrameScorerView Apply(FrameScorerPromoted e, FrameScorerView v) => v with
    {
        Promotions = [.. v.Promotions, new PromotedFrameScorer(e.ModelId, e.ModelVersion, e.OnnxSha256, e.Actor, e.At)],
    };
}
