using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;

public enum TrainingRunStatus { Requested, Running, Completed, Failed, Cancelled }

/// <summary>One point of the live chart: an epoch's training loss and validation Dice (students; null when the split has no
/// validation frame) or AUC (biopsy heads).</summary>
public sealed record EpochPoint(int Epoch, double TrainLoss, double? ValDice, double Seconds, DateTimeOffset At, double? ValAuc = null,
    IReadOnlyList<MilCentreAuc>? CentreAucs = null);

/// <summary>What a training run trains: the student segmenter, or the optical-biopsy (adenoma) head.</summary>
public static class TrainingRunKinds
{
    public const string Student = "student";
    public const string Biopsy = "biopsy";

    /// <summary>The frame scorer (MIL head), trained from examination labels.</summary>
    public const string Mil = "mil";
}

/// <summary>Read model of one training run, kept inline: what was asked, its epochs (for a live chart) and its outcome.</summary>
public sealed record TrainingRunView
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = TrainingRunKinds.Student;
    public Guid SplitId { get; init; }
    public string ManifestSha256 { get; init; } = "";
    public TrainingConfiguration? Configuration { get; init; }
    public BiopsyConfiguration? BiopsyConfiguration { get; init; }

    /// <summary>Frame-scorer runs: settings, the label rule and what it produced, the grouping, and validation per centre.</summary>
    public MilConfiguration? MilConfiguration { get; init; }
    public string? LabelRule { get; init; }
    public string? Grouping { get; init; }
    public string? BagManifestSha256 { get; init; }
    public IReadOnlyList<MilLabelCount> LabelCounts { get; init; } = [];
    public IReadOnlyList<MilCentreAuc> MilValidation { get; init; } = [];
    public string CodeVersion { get; init; } = "";
    public long LedgerPosition { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public TrainingRunStatus Status { get; init; }
    public int Train { get; init; }
    public int Validation { get; init; }
    public int Test { get; init; }
    public IReadOnlyList<EpochPoint> Epochs { get; init; } = [];
    public Guid? ModelId { get; init; }
    public string? ModelVersion { get; init; }
    public string? OnnxSha256 { get; init; }
    public double? OnnxCheckMaxDiff { get; init; }
    public IReadOnlyList<CentreMetrics> Metrics { get; init; } = [];
    public double? Threshold { get; init; }
    public IReadOnlyList<BiopsyCentreMetrics> BiopsyMetrics { get; init; } = [];
    public string? FailureReason { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public long Version { get; set; }

    public bool IsOver => Status is TrainingRunStatus.Completed or TrainingRunStatus.Failed or TrainingRunStatus.Cancelled;
}

/// <summary>Pure fold of a TrainingRun stream.</summary>
public sealed partial class TrainingRunProjection : SingleStreamProjection<TrainingRunView, Guid>
{
    public static TrainingRunView Create(TrainingRunRequested e) => new()
    {
        Id = e.RunId, SplitId = e.SplitId, ManifestSha256 = e.ManifestSha256, Configuration = e.Configuration, CodeVersion = e.CodeVersion,
        LedgerPosition = e.LedgerPosition, RequestedBy = e.Actor, RequestedAt = e.At, Status = TrainingRunStatus.Requested, UpdatedAt = e.At,
    };

    public static TrainingRunView Create(BiopsyRunRequested e) => new()
    {
        Id = e.RunId, Kind = TrainingRunKinds.Biopsy, SplitId = e.SplitId, ManifestSha256 = e.ManifestSha256, BiopsyConfiguration = e.Configuration,
        CodeVersion = e.CodeVersion, LedgerPosition = e.LedgerPosition, RequestedBy = e.Actor, RequestedAt = e.At,
        Status = TrainingRunStatus.Requested, UpdatedAt = e.At,
    };

    public static TrainingRunView Create(MilRunRequested e) => new()
    {
        Id = e.RunId, Kind = TrainingRunKinds.Mil, SplitId = e.SplitId ?? Guid.Empty, ManifestSha256 = e.SplitManifestSha256 ?? "",
        MilConfiguration = e.Configuration, LabelRule = e.LabelRule, Grouping = e.Grouping, BagManifestSha256 = e.BagManifestSha256,
        LabelCounts = e.Counts, CodeVersion = e.CodeVersion, LedgerPosition = e.LedgerPosition, RequestedBy = e.Actor, RequestedAt = e.At,
        Status = TrainingRunStatus.Requested, UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(MilEpochCompleted e, TrainingRunView r) => r with
    {
        Epochs = [.. r.Epochs.Where(p => p.Epoch != e.Epoch), new EpochPoint(e.Epoch, e.TrainLoss, 0, e.Seconds, e.At, e.ValAuc, e.Centres)],
        UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(MilRunCompleted e, TrainingRunView r) => r with
    {
        Status = TrainingRunStatus.Completed, ModelId = e.ModelId, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        OnnxCheckMaxDiff = e.OnnxCheckMaxDiff, Threshold = e.Threshold, MilValidation = e.Validation, EndedAt = e.At, UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(BiopsyEpochCompleted e, TrainingRunView r) => r with
    {
        Epochs = [.. r.Epochs.Where(p => p.Epoch != e.Epoch), new EpochPoint(e.Epoch, e.TrainLoss, 0, e.Seconds, e.At, e.ValAuc)],
        UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(BiopsyRunCompleted e, TrainingRunView r) => r with
    {
        Status = TrainingRunStatus.Completed, ModelId = e.ModelId, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        OnnxCheckMaxDiff = e.OnnxCheckMaxDiff, Threshold = e.Threshold, BiopsyMetrics = e.Metrics, EndedAt = e.At, UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(TrainingRunStarted e, TrainingRunView r) => r with
    {
        Status = TrainingRunStatus.Running, Train = e.Train, Validation = e.Validation, Test = e.Test, UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(TrainingEpochCompleted e, TrainingRunView r) => r with
    {
        Epochs = [.. r.Epochs.Where(p => p.Epoch != e.Epoch), new EpochPoint(e.Epoch, e.TrainLoss, e.ValDice, e.Seconds, e.At)],
        UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(TrainingRunCompleted e, TrainingRunView r) => r with
    {
        Status = TrainingRunStatus.Completed, ModelId = e.ModelId, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        OnnxCheckMaxDiff = e.OnnxCheckMaxDiff, Metrics = e.Metrics, EndedAt = e.At, UpdatedAt = e.At,
    };

    public static TrainingRunView Apply(TrainingRunFailed e, TrainingRunView r) =>
        r with { Status = TrainingRunStatus.Failed, FailureReason = e.Reason, EndedAt = e.At, UpdatedAt = e.At };

    public static TrainingRunView Apply(TrainingRunCancelled e, TrainingRunView r) =>
        r with { Status = TrainingRunStatus.Cancelled, EndedAt = e.At, UpdatedAt = e.At };
}
