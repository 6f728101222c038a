using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>One promotion: the student that proposed masks from that round on.</summary>
public sealed record PromotedModel(int Round, Guid ModelId, string ModelVersion, string OnnxSha256, string PromotedBy, DateTimeOffset PromotedAt)
{
    /// <summary>What the student's mask proposals record as their provenance (the model's bytes).</summary>
    public string Provenance => StudentProvenance.Of(OnnxSha256);
}

/// <summary>The provenance a student's mask proposals carry: <c>student:&lt;ONNX SHA-256&gt;</c>.</summary>
public static class StudentProvenance
{
    public const string Refiner = "student";

    public static string Of(string onnxSha256) => $"{Refiner}:{onnxSha256}";
}

/// <summary>
/// Read (and write) model of the deployment's mask proposer: the student promoted last (null while the configured
/// refiner proposes), and every promotion in order, which numbers the self-training rounds.
/// </summary>
public sealed record MaskProposerView
{
    /// <summary>The one mask-proposer stream of a deployment.</summary>
    public static readonly Guid StreamId = StableIds.From("mask-proposer");

    public Guid Id { get; init; }
    public IReadOnlyList<PromotedModel> Promotions { get; init; } = [];
    public long Version { get; set; }

    public PromotedModel? Current => Promotions.Count == 0 ? null : Promotions[^1];

    /// <summary>The rounds a model proposed in (several when it was promoted again later).</summary>
    public IReadOnlyList<int> RoundsOf(Guid modelId) => [.. Promotions.Where(p => p.ModelId == modelId).Select(p => p.Round)];
}

/// <summary>Pure fold of the mask-proposer stream.</summary>
public sealed partial class MaskProposerProjection : SingleStreamProjection<MaskProposerView, Guid>
{
    public static MaskProposerView Create(ModelPromoted e) => Apply(e, new MaskProposerView { Id = e.ProposerId });

    public static MaskProposerView Apply(ModelPromoted e, MaskProposerView v) => v with
    {
        Promotions = [.. v.Promotions, new PromotedModel(e.Round, e.ModelId, e.ModelVersion, e.OnnxSha256, e.Actor, e.At)],
    };
}
