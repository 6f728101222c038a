using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>
/// What an optical-biopsy run was asked to train: a small head on the ResNet-18 pooled features of each examination's
/// <paramref name="TopK"/> highest-scoring frames (by MIL probability), labelled adenoma or not from the pathology.
/// </summary>
/// <param name="TopK">Frames per examination, highest MIL probability first.</param>
/// <param name="Hidden">Width of the head's hidden layer.</param>
/// <param name="Epochs">Passes over the training frames.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Frames per step.</param>
/// <param name="Seed">Initialisation and batch order.</param>
/// <param name="AdenomaClasses">Pathology classes (report-findings.md names) that make an examination adenoma-class.</param>
/// <param name="ExcludedClasses">Classes that, without an adenoma class, leave the examination out (neither side).</param>
public sealed record BiopsyConfiguration(
    int TopK, int Hidden, int Epochs, double LearningRate, int BatchSize, int Seed,
    IReadOnlyList<string> AdenomaClasses, IReadOnlyList<string> ExcludedClasses);

/// <summary>
/// Test scores of one centre's frames: AUC (null when the centre's test frames hold one class only), and sensitivity
/// and specificity at the threshold chosen on validation (null when there is no positive, or no negative, frame).
/// </summary>
public sealed record BiopsyCentreMetrics(
    string Centre, int Examinations, int Frames, int Positives, int Negatives, double? Auc, double? Sensitivity, double? Specificity);

/// <summary>An admin asked for an optical-biopsy (adenoma vs non-adenoma) head trained on a frozen split (a TrainingRun stream of kind biopsy).</summary>
/// <param name="RunId">The TrainingRun stream id.</param>
/// <param name="SplitId">The frozen split: its patients' parts place each examination in train, validation or test.</param>
/// <param name="ManifestSha256">The split's manifest hash.</param>
/// <param name="Configuration">The head and its training.</param>
/// <param name="CodeVersion">The pipeline assembly's informational version.</param>
/// <param name="LedgerPosition">The event store's highest sequence number at request time.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.TrainingRun)]
public sealed record BiopsyRunRequested(
    Guid RunId, Guid SplitId, string ManifestSha256, BiopsyConfiguration Configuration, string CodeVersion, long LedgerPosition,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>One epoch of a biopsy run finished: mean training loss, validation frame AUC (null with one class), wall time.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record BiopsyEpochCompleted(
    Guid RunId, int Epoch, int Epochs, double TrainLoss, double? ValAuc, double Seconds, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The biopsy run ended with a checked ONNX head in the file store, its threshold and per-centre test scores.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record BiopsyRunCompleted(
    Guid RunId, Guid ModelId, string ModelVersion, string OnnxSha256, double OnnxCheckMaxDiff, double Threshold,
    IReadOnlyList<BiopsyCentreMetrics> Metrics, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An optical-biopsy head entered the model registry with its lineage (as <see cref="ModelRegistered"/> for students).</summary>
[Live(LiveKinds.Model)]
public sealed record BiopsyModelRegistered(
    Guid ModelId, string ModelVersion, string OnnxSha256, Guid RunId, Guid SplitId, string ManifestSha256, long LedgerPosition,
    BiopsyConfiguration Configuration, string CodeVersion, double Threshold, IReadOnlyList<BiopsyCentreMetrics> Metrics,
    string Actor, DateTimeOffset At) : IHasActor;
