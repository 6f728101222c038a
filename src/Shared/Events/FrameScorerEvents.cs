using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>
/// What a frame-scorer (MIL head) run was asked to train, and the rule that labelled its bags.
/// </summary>
/// <param name="Epochs">Passes over the training bags.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BagsPerStep">Examinations per optimiser step.</param>
/// <param name="Seed">Initialisation, bag order and (without a split) the patient draw.</param>
/// <param name="Threshold">Probability from which a frame counts as a polyp frame when the model scores.</param>
/// <param name="MinMachineConfidence">A machine-proposed examination label trains only from this confidence on.</param>
/// <param name="ValidationFraction">Without a split: the share of each centre's patients drawn to validation.</param>
/// <param name="PromoteWhenDone">Make the model the frame scorer when the run completes (the one-click path).</param>
public sealed record MilConfiguration(
    int Epochs, double LearningRate, int BagsPerStep, int Seed, double Threshold, double MinMachineConfidence,
    double ValidationFraction, bool PromoteWhenDone);

/// <summary>
/// How many examinations of one centre became bags, by label and origin (<c>readers</c>: a final label reached by review;
/// <c>machine</c>: the extractors' proposed label at or above the confidence, not waiting for review), and how many the
/// rule left out.
/// </summary>
public sealed record MilLabelCount(
    string Centre, int Positive, int Negative, int FromReaders, int FromMachine, int Train, int Validation,
    IReadOnlyDictionary<string, int> Excluded);

/// <summary>Validation of one centre's bags at an epoch: examinations scored by their highest frame probability.</summary>
public sealed record MilCentreAuc(string Centre, int Bags, int Positive, double? Auc);

/// <summary>
/// An admin asked for a frame scorer (the MIL head) trained from the ledger's examination labels (a TrainingRun stream
/// of kind mil). The bags (examination, centre, patient, label, origin, part) are the manifest stored in the file store
/// under <paramref name="BagManifestSha256"/>, so the lineage holds without a huge event.
/// </summary>
/// <param name="RunId">The TrainingRun stream id.</param>
/// <param name="SplitId">The frozen split whose patients placed the examinations, or null for a patient-grouped draw.</param>
/// <param name="SplitManifestSha256">That split's manifest hash, or null.</param>
/// <param name="BagManifestSha256">The bags, one line each, in the file store.</param>
/// <param name="Configuration">Training settings and the label rule's threshold.</param>
/// <param name="LabelRule">The rule in words, as it was applied.</param>
/// <param name="Grouping">How examinations were put in train and validation (the split, or the draw with its seed).</param>
/// <param name="Counts">What the rule produced, per centre.</param>
/// <param name="CodeVersion">The pipeline assembly's informational version.</param>
/// <param name="LedgerPosition">The event store's highest sequence number when the labels were read.</param>
/// <param name="Actor">The admin.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.TrainingRun)]
public sealed record MilRunRequested(
    Guid RunId, Guid? SplitId, string? SplitManifestSha256, string BagManifestSha256, MilConfiguration Configuration,
    string LabelRule, string Grouping, IReadOnlyList<MilLabelCount> Counts, string CodeVersion, long LedgerPosition,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>One epoch of a frame-scorer run: mean training loss, validation AUC over every centre and per centre.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record MilEpochCompleted(
    Guid RunId, int Epoch, int Epochs, double TrainLoss, double? ValAuc, IReadOnlyList<MilCentreAuc> Centres, double Seconds,
    string Actor, DateTimeOffset At) : IHasActor;

/// <summary>The frame-scorer run ended with a checked ONNX head in the file store and its validation per centre.</summary>
[Live(LiveKinds.TrainingRun)]
public sealed record MilRunCompleted(
    Guid RunId, Guid ModelId, string ModelVersion, string OnnxSha256, double OnnxCheckMaxDiff, double Threshold,
    IReadOnlyList<MilCentreAuc> Validation, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// A frame scorer entered the model registry with its lineage: the run, the bags' manifest and ledger position, the label
/// rule and what it produced, the grouping, the validation per centre, and the code; the ONNX reads the
/// <c>FeatureExtractorVersion</c> ResNet-18 features, and a frame counts as polyp from <c>Threshold</c> on.
/// </summary>
[Live(LiveKinds.Model)]
public sealed record MilModelRegistered(
    Guid ModelId, string ModelVersion, string OnnxSha256, string FeatureExtractorVersion, double Threshold, Guid RunId,
    Guid? SplitId, string BagManifestSha256, long LedgerPosition, MilConfiguration Configuration, string LabelRule, string Grouping,
    IReadOnlyList<MilLabelCount> Counts, IReadOnlyList<MilCentreAuc> Validation, string CodeVersion, string Actor,
    DateTimeOffset At) : IHasActor;

/// <summary>
/// A registered MIL head became the deployment's frame scorer: from the next frame on, the score stage uses it (a
/// configured path still overrides it). Appended to the single frame-scorer stream.
/// </summary>
/// <param name="ScorerId">The frame-scorer stream id (one per deployment).</param>
/// <param name="ModelId">The promoted model.</param>
/// <param name="ModelVersion">Its version.</param>
/// <param name="OnnxSha256">Its bytes in the file store.</param>
/// <param name="PreviousModelId">The scorer it replaces, or null.</param>
/// <param name="Actor">The admin (or the admin who asked for promotion when the run completed).</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Model)]
public sealed record FrameScorerPromoted(
    Guid ScorerId, Guid ModelId, string ModelVersion, string OnnxSha256, Guid? PreviousModelId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>Which frame scorer a pipeline run's score stage uses: a registered model, or a configured file (override).</summary>
/// <param name="ModelId">The registered model, or null for a configured file.</param>
/// <param name="ModelVersion">The head's version.</param>
/// <param name="Source"><c>promoted</c> or <c>override</c> (FrameLabels:MilModelPath / ENDOKED_MIL_MODEL).</param>
public sealed record FrameScorerChoice(Guid? ModelId, string ModelVersion, string Source);
