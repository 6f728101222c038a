using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>How a split was drafted, as recorded: label origins (consensus, adjudicated, machine), filters, fractions, seed.</summary>
public sealed record SplitRuleRecord(
    IReadOnlyList<string> Origins, double MinMachineQuality, IReadOnlyList<string>? Centres, int NearDuplicateDistance,
    double TrainFraction, double ValidationFraction, double TestFraction, string? HoldOutCentre, int Seed);

/// <summary>Two image ids (near duplicates that landed in different parts).</summary>
public sealed record ImagePair(string A, string B);

/// <summary>The leakage check of a drafted split: both lists must be empty before it may be frozen.</summary>
public sealed record SplitLeakageSummary(IReadOnlyList<string> PatientsInSeveralParts, IReadOnlyList<ImagePair> NearDuplicatesAcrossParts)
{
    /// <summary>No patient and no near-duplicate pair crosses two parts.</summary>
    public bool IsClean => PatientsInSeveralParts.Count == 0 && NearDuplicatesAcrossParts.Count == 0;
}

/// <summary>
/// A split was drafted (or redrafted) from the ledger's labelled frames. The members are not in the event: they are
/// the canonical manifest (one line per frame: image, part, centre, patient, polyp|clear) stored in the content-addressed
/// file store under <paramref name="ManifestSha256"/>, which is also the split's content hash. A split of 100 000 frames
/// would otherwise be a multi-megabyte event replayed by every projection rebuild.
/// </summary>
/// <param name="SplitId">The Split stream id.</param>
/// <param name="Name">A human name.</param>
/// <param name="Rule">The rule it was drafted with.</param>
/// <param name="ManifestSha256">SHA-256 of the manifest text, and its key in the file store.</param>
/// <param name="Train">Frames in train.</param>
/// <param name="Validation">Frames in validation.</param>
/// <param name="Test">Frames in test.</param>
/// <param name="OriginCounts">Frames per label origin (consensus, adjudicated, machine).</param>
/// <param name="CentreCounts">Frames per centre.</param>
/// <param name="Excluded">Candidates each filter left out.</param>
/// <param name="Leakage">The leakage check of the assignment.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Split)]
public sealed record SplitDrafted(
    Guid SplitId, string Name, SplitRuleRecord Rule, string ManifestSha256, int Train, int Validation, int Test,
    IReadOnlyDictionary<string, int> OriginCounts, IReadOnlyDictionary<string, int> CentreCounts,
    IReadOnlyDictionary<string, int> Excluded, SplitLeakageSummary Leakage, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// An admin asked for a split to be drafted (a new split, or a redraft of one not frozen yet); a worker reads the
/// ledger's labelled frames and appends <see cref="SplitDrafted"/> or <see cref="SplitDraftFailed"/>.
/// </summary>
/// <param name="SplitId">The Split stream id.</param>
/// <param name="Name">A human name.</param>
/// <param name="Rule">The rule to draft with (already checked).</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Split)]
public sealed record SplitDraftRequested(Guid SplitId, string Name, SplitRuleRecord Rule, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The requested draft could not be made; <paramref name="Reason"/> says what to change before drafting again.</summary>
[Live(LiveKinds.Split)]
public sealed record SplitDraftFailed(Guid SplitId, string Reason, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The split became immutable: training runs may use it, and it can no longer be redrafted or frozen again.</summary>
[Live(LiveKinds.Split)]
public sealed record SplitFrozen(Guid SplitId, string ManifestSha256, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>What a training run was asked to train: the student's shape and the optimiser's settings.</summary>
/// <param name="InputSize">Square input side in pixels.</param>
/// <param name="Epochs">Epochs to train.</param>
/// <param name="BaseChannels">Channels of the first decoder (plain: encoder) level.</param>
/// <param name="Levels">U-Net levels (plain encoder only).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="BatchSize">Frames per step.</param>
/// <param name="Seed">Seeds weights, augmentation and batch order.</param>
/// <param name="Encoder">"resnet18" (the packaged ImageNet ResNet-18) or "plain" (from scratch); null in runs recorded
/// before encoders could be chosen, which were all plain.</param>
/// <param name="FreezeEncoder">Whether a pretrained encoder's weights were kept fixed; null where it does not apply.</param>
public sealed record TrainingConfiguration(
    int InputSize, int Epochs, int BaseChannels, int Levels, double LearningRate, int BatchSize, int Seed,
    string? Encoder = null, bool? FreezeEncoder = null);

/// <summary>Mean test scores of one centre's frames (HD95 in pixels at the frame's size; null when undefined, as for empty masks).</summary>
public sealed record CentreMetrics(string Centre, int Frames, double Dice, double IoU, double? Hd95);

/// <summary>An admin asked for a student to be trained on a frozen split.</summary>
/// <param name="RunId">The TrainingRun stream id.</param>
/// <param name="SplitId">The frozen split.</param>
/// <param name="ManifestSha256">Its manifest hash, so the lineage holds even if names change.</param>
/// <param name="Configuration">Network and training settings.</param>
/// <param name="CodeVersion">The pipeline assembly's informational version (with the git commit when built from git).</param>
/// <param name="LedgerPosition">The event store's highest sequence number at request time: labels read later may be newer.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingRunRequested(
    Guid RunId, Guid SplitId, string ManifestSha256, TrainingConfiguration Configuration, string CodeVersion, long LedgerPosition,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>A worker began (or, after a crash, resumed at <paramref name="FirstEpoch"/>) training.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingRunStarted(Guid RunId, int FirstEpoch, int Train, int Validation, int Test, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>One epoch finished: mean training loss, mean validation Dice at the input size, and its wall time.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingEpochCompleted(
    Guid RunId, int Epoch, int Epochs, double TrainLoss, double? ValDice, double Seconds, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The run ended with a checked ONNX model in the file store and its per-centre test scores.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingRunCompleted(
    Guid RunId, Guid ModelId, string ModelVersion, string OnnxSha256, double OnnxCheckMaxDiff, IReadOnlyList<CentreMetrics> Metrics,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The run stopped on an error.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingRunFailed(Guid RunId, string Reason, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An admin cancelled the run; the worker stops after the epoch in progress.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record TrainingRunCancelled(Guid RunId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>A trained model entered the registry, with its full lineage.</summary>
/// <param name="ModelId">The Model stream id.</param>
/// <param name="ModelVersion">Architecture plus graph hash (as the ONNX metadata says).</param>
/// <param name="OnnxSha256">The model's bytes in the file store.</param>
/// <param name="RunId">The training run.</param>
/// <param name="SplitId">The split it was trained on.</param>
/// <param name="ManifestSha256">The split's manifest hash.</param>
/// <param name="LedgerPosition">The ledger position recorded when the run was requested.</param>
/// <param name="Configuration">The training configuration.</param>
/// <param name="CodeVersion">The code that trained it.</param>
/// <param name="Metrics">Per-centre test scores.</param>
/// <param name="Actor">The worker (<c>trainer:version</c>).</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record ModelRegistered(
    Guid ModelId, string ModelVersion, string OnnxSha256, Guid RunId, Guid SplitId, string ManifestSha256, long LedgerPosition,
    TrainingConfiguration Configuration, string CodeVersion, IReadOnlyList<CentreMetrics> Metrics, string Actor, DateTimeOffset At) : IHasActor;
