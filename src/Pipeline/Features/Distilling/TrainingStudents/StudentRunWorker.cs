using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingStudents;

/// <summary>
/// One training run end to end: the frozen split's members and their current masks, training with a checkpoint
/// folder keyed by the run (so a re-delivered message resumes), ONNX export with its check into the file store,
/// per-centre test scores, then <see cref="TrainingRunCompleted"/> and <see cref="ModelRegistered"/> in one transaction.
/// </summary>
public sealed class StudentRunWorker(IDocumentStore store, IFileStore files, EndoKedOptions options, TimeProvider clock)
{
    public string Actor { get; } = $"trainer:{TrainingRunRequestCheck.CodeVersion}";

    /// <summary>Beside the file store, never inside it: checkpoints are working state, not content.</summary>
    public static string CheckpointFolder(EndoKedOptions options, Guid runId) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DataRoot).TrimEnd(Path.DirectorySeparatorChar))!, "training-runs", runId.ToString("N"));

    public Task RunAsync(Guid runId, CancellationToken ct = default) =>
        TrainingRunFacts.RunAsync(store, runId, Actor, clock, run => run.Configuration, TrainAsync, ct);

    private async Task TrainAsync(TrainingRunView run, TrainingConfiguration configuration, CancellationTokenSource cancel)
    {
        var members = await SplitQueries.ReadManifestAsync(files, run.ManifestSha256, cancel.Token);
        IReadOnlyList<LabelledFrame> labelled;
        await using (var session = store.QuerySession())
            labelled = await LabelledFrames.ReadAsync(session, cancel.Token);
        var byKey = labelled.ToDictionary(f => f.Key, StringComparer.Ordinal);
        List<LabelledFrame> Part(SplitPart part) => [.. members.Where(m => m.Part == part && byKey.ContainsKey(m.ImageId)).Select(m => byKey[m.ImageId])];
        var (trainFrames, validationFrames, testFrames) = (Part(SplitPart.Train), Part(SplitPart.Validation), Part(SplitPart.Test));

        var network = TrainingRunRequestCheck.Network(configuration);
        var training = TrainingRunRequestCheck.Training(configuration);
        var checkpoint = CheckpointFolder(options, run.Id);
        var firstEpoch = StudentCheckpoint.Exists(checkpoint) ? StudentCheckpoint.Read(checkpoint).Epoch + 1 : 1;
        await AppendAsync(run.Id, new TrainingRunStarted(run.Id, firstEpoch, trainFrames.Count, validationFrames.Count, testFrames.Count, Actor, clock.GetUtcNow()));

        var train = await LoadAsync(trainFrames, network.InputSize, cancel.Token);
        var validation = await LoadAsync(validationFrames, network.InputSize, cancel.Token);
        var recorder = new EpochRecorder(store, run.Id, Actor, clock, cancel);
        var result = await Task.Run(() => StudentTrainer.Train(train, validation, network, training, checkpoint, resume: true, recorder, cancel.Token));
        using var model = result.Network;

        var folder = Path.Combine(checkpoint, "export");
        var export = StudentModelStore.Save(folder, model, new Dictionary<string, string>
        {
            ["split_id"] = run.SplitId.ToString("D"), ["split_hash"] = run.ManifestSha256, ["run_id"] = run.Id.ToString("D"),
            ["ledger_position"] = run.LedgerPosition.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var stored = await files.PutAsync(export.Model, cancel.Token);
        IReadOnlyList<CentreMetrics> metrics;
        using (var segmenter = new StudentSegmenter(export.Model, new OnnxRuntimeOptions { PreferCuda = false }))
            metrics = await TestEvaluation.EvaluateAsync(segmenter, files, testFrames, cancel.Token);

        var modelId = Infrastructure.StableIds.From("model", run.Id.ToString("N"));
        var now = clock.GetUtcNow();
        await TrainingRunFacts.CompleteAsync(store, run.Id,
            new TrainingRunCompleted(run.Id, modelId, export.Version, stored.Sha256, export.Check.MaxAbsDiff, metrics, Actor, now),
            modelId, new ModelRegistered(modelId, export.Version, stored.Sha256, run.Id, run.SplitId, run.ManifestSha256, run.LedgerPosition,
                configuration, run.CodeVersion, metrics, Actor, now), cancel.Token);
    }

    private async Task<IReadOnlyList<LoadedSample>> LoadAsync(IReadOnlyList<LabelledFrame> frames, int size, CancellationToken ct)
    {
        var samples = new List<LoadedSample>(frames.Count);
        foreach (var f in frames)
        {
            using var frame = await StoredFrames.LoadAsync(files, f.Sha256, ct);
            samples.Add(new LoadedSample(f.Key, f.CentreId, StudentInput.Rgb(frame, size), StudentInput.Mask(f.Mask.Decode(), size)));
        }
        return samples;
    }

    private Task AppendAsync(Guid runId, object e) => TrainingRunFacts.AppendAsync(store, runId, e);
}
