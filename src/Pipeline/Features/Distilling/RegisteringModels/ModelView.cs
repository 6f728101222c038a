using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.RegisteringModels;

/// <summary>An entry of the model registry: a trained student and its lineage (split, manifest, ledger position, configuration, code).</summary>
public sealed record ModelView
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = FollowingTrainingRuns.TrainingRunKinds.Student;
    public string ModelVersion { get; init; } = "";
    public string OnnxSha256 { get; init; } = "";
    public Guid RunId { get; init; }
    public Guid SplitId { get; init; }
    public string ManifestSha256 { get; init; } = "";
    public long LedgerPosition { get; init; }
    public TrainingConfiguration? Configuration { get; init; }
    public BiopsyConfiguration? BiopsyConfiguration { get; init; }
    public string CodeVersion { get; init; } = "";
    public IReadOnlyList<CentreMetrics> Metrics { get; init; } = [];
    public double? Threshold { get; init; }
    public IReadOnlyList<BiopsyCentreMetrics> BiopsyMetrics { get; init; } = [];

    /// <summary>Frame scorers: the features they read, their training settings, label rule, counts and validation.</summary>
    public string? FeatureExtractorVersion { get; init; }
    public MilConfiguration? MilConfiguration { get; init; }
    public string? LabelRule { get; init; }
    public string? Grouping { get; init; }
    public string? BagManifestSha256 { get; init; }
    public IReadOnlyList<MilLabelCount> LabelCounts { get; init; } = [];
    public IReadOnlyList<MilCentreAuc> MilValidation { get; init; } = [];
    public string RegisteredBy { get; init; } = "";
    public DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>Pure fold of a Model stream.</summary>
public sealed partial class ModelProjection : SingleStreamProjection<ModelView, Guid>
{
    public static ModelView Create(ModelRegistered e) => new()
    {
        Id = e.ModelId, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256, RunId = e.RunId, SplitId = e.SplitId,
        ManifestSha256 = e.ManifestSha256, LedgerPosition = e.LedgerPosition, Configuration = e.Configuration, CodeVersion = e.CodeVersion,
        Metrics = e.Metrics, RegisteredBy = e.Actor, RegisteredAt = e.At,
    };

    public static ModelView Create(MilModelRegistered e) => new()
    {
        Id = e.ModelId, Kind = FollowingTrainingRuns.TrainingRunKinds.Mil, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        RunId = e.RunId, SplitId = e.SplitId ?? Guid.Empty, LedgerPosition = e.LedgerPosition, CodeVersion = e.CodeVersion,
        Threshold = e.Threshold, FeatureExtractorVersion = e.FeatureExtractorVersion, MilConfiguration = e.Configuration,
        LabelRule = e.LabelRule, Grouping = e.Grouping, BagManifestSha256 = e.BagManifestSha256, LabelCounts = e.Counts,
        MilValidation = e.Validation, RegisteredBy = e.Actor, RegisteredAt = e.At,
    };

    public static ModelView Create(BiopsyModelRegistered e) => new()
    {
        Id = e.ModelId, Kind = FollowingTrainingRuns.TrainingRunKinds.Biopsy, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        RunId = e.RunId, SplitId = e.SplitId, ManifestSha256 = e.ManifestSha256, LedgerPosition = e.LedgerPosition,
        BiopsyConfiguration = e.Configuration, CodeVersion = e.CodeVersion, Threshold = e.Threshold, BiopsyMetrics = e.Metrics,
        RegisteredBy = e.Actor, RegisteredAt = e.At,
    };
}
