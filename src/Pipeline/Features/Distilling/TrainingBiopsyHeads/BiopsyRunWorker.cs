using EndoKED.Pipeline.Models.Biopsy.Evaluating;
using EndoKED.Pipeline.Models.Biopsy.Exporting;
using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>
/// One biopsy run end to end: the frozen split's patients place each labelled examination in a part, its top-K frames
/// by MIL probability are featurised, the head trains with a checkpoint folder keyed by the run, the threshold is chosen on
/// validation, the export is checked and stored, the served ONNX is scored on test per centre, then
/// <see cref="BiopsyRunCompleted"/> and <see cref="BiopsyModelRegistered"/> in one transaction.
/// </summary>
public sealed class BiopsyRunWorker(IDocumentStore store, IFileStore files, EndoKedOptions options, ResNet18Options resNet, TimeProvider clock)
{
    public string Actor { get; } = $"biopsy-trainer:{TrainingRunRequestCheck.CodeVersion}";

    public Task RunAsync(Guid runId, CancellationToken ct = default) =>
        TrainingRunFacts.RunAsync(store, runId, Actor, clock, run => run.BiopsyConfiguration, TrainAsync, ct);

    private async Task TrainAsync(TrainingRunView run, BiopsyConfiguration configuration, CancellationTokenSource cancel)
    {
        var biopsy = BiopsyOptions.From(configuration);
        var members = await SplitQueries.ReadManifestAsync(files, run.ManifestSha256, cancel.Token);
        BiopsyCaseSet cases;
        await using (var session = store.QuerySession())
            cases = await BiopsyCases.ReadAsync(session, members, biopsy, cancel.Token);
        var frames = cases.Examinations.SelectMany(e => e.Top(biopsy.TopK).Select(f => (Exam: e, f.ImageKey, f.Sha256))).ToList();
        int Count(SplitPart part) => frames.Count(f => f.Exam.Part == part);

        var checkpoint = Path.Combine(Path.GetDirectoryName(StudentRunWorker.CheckpointFolder(options, run.Id))!, "biopsy-" + run.Id.ToString("N"));
        var firstEpoch = BiopsyCheckpoint.Exists(checkpoint) ? BiopsyCheckpoint.Read(checkpoint).Epoch + 1 : 1;
        await AppendAsync(run.Id, new TrainingRunStarted(run.Id, firstEpoch, Count(SplitPart.Train), Count(SplitPart.Validation), Count(SplitPart.Test), Actor, clock.GetUtcNow()));

        IReadOnlyDictionary<string, float[]> features;
        using (var resNet18 = new ResNet18Features(resNet))
            features = await BiopsyFrameFeatures.ExtractAsync(resNet18, files, [.. frames.Select(f => f.Sha256)], cancel.Token);
        List<(BiopsySample Sample, BiopsyExamination Exam)> Part(SplitPart part) =>
            [.. frames.Where(f => f.Exam.Part == part).Select(f => (new BiopsySample(features[f.Sha256], f.Exam.Adenoma), f.Exam))];
        var (train, validation, test) = (Part(SplitPart.Train), Part(SplitPart.Validation), Part(SplitPart.Test));

        var recorder = new BiopsyEpochRecorder(store, run.Id, Actor, clock, cancel);
        var result = await Task.Run(() => BiopsyTrainer.Train([.. train.Select(t => t.Sample)], [.. validation.Select(v => v.Sample)], biopsy,
            checkpoint, resume: true, recorder, cancel.Token));
        using var head = result.Head;
        var threshold = BiopsyMetrics.ChooseThreshold(BiopsyTrainer.Score(head, [.. validation.Select(v => v.Sample)]));
        var export = BiopsyModelStore.Export(head, threshold, new Dictionary<string, string>
        {
            ["split_id"] = run.SplitId.ToString("D"), ["split_hash"] = run.ManifestSha256, ["run_id"] = run.Id.ToString("D"),
            ["top_k"] = biopsy.TopK.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var stored = await files.PutAsync(export.Model, cancel.Token);
        var metrics = Evaluate(export.Model, test, threshold);

        var modelId = StableIds.From("model", run.Id.ToString("N"));
        var now = clock.GetUtcNow();
        await TrainingRunFacts.CompleteAsync(store, run.Id,
            new BiopsyRunCompleted(run.Id, modelId, export.Version, stored.Sha256, export.MaxAbsDiff, threshold, metrics, Actor, now),
            modelId, new BiopsyModelRegistered(modelId, export.Version, stored.Sha256, run.Id, run.SplitId, run.ManifestSha256, run.LedgerPosition,
                configuration, run.CodeVersion, threshold, metrics, Actor, now), cancel.Token);
    }

    /// <summary>Test scores of the served model (ONNX Runtime), per centre.</summary>
    private static IReadOnlyList<BiopsyCentreMetrics> Evaluate(byte[] model, List<(BiopsySample Sample, BiopsyExamination Exam)> test, double threshold)
    {
        if (test.Count == 0) return [];
        var probabilities = BiopsyModelStore.Run(model, [.. test.SelectMany(t => t.Sample.Features)], test.Count).Probabilities;
        return BiopsyEvaluation.PerCentre(
            [.. test.Select((t, i) => new CentreCase(t.Exam.CentreId, t.Exam.Key, new ScoredCase(probabilities[i], t.Sample.Adenoma)))], threshold);
    }

    private Task AppendAsync(Guid runId, object e) => TrainingRunFacts.AppendAsync(store, runId, e);
}

/// <summary>Appends each finished epoch as <see cref="BiopsyEpochCompleted"/>; a cancelled run trips the trainer's token.</summary>
public sealed class BiopsyEpochRecorder(IDocumentStore store, Guid runId, string actor, TimeProvider clock, CancellationTokenSource cancel)
    : IProgress<BiopsyEpoch>
{
    public void Report(BiopsyEpoch m) => EpochRecorder.Record(store, runId, cancel, m.Epoch,
        () => new BiopsyEpochCompleted(runId, m.Epoch, m.Epochs, m.TrainLoss, m.ValidationAuc, m.Seconds, actor, clock.GetUtcNow()));
}
