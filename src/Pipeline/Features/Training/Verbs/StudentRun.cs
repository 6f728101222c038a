using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary>The work behind <c>train student</c>: pair, split, load, train (checkpointing), export with the check, evaluate, write metrics.</summary>
public sealed class StudentRun(CliConsole console)
{
    public const string CheckpointFolder = "checkpoint";
    public const string MetricsFile = "metrics.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<int> RunAsync(string images, string masks, double validationFraction, StudentOptions network,
        StudentTrainingOptions training, string output, bool resume, CancellationToken ct)
    {
        var (pairs, unmatched) = StudentFolders.Pair(images, masks);
        if (unmatched.Count > 0)
            await console.Error.WriteLineAsync($"{unmatched.Count} frame(s) without a mask skipped: {string.Join(", ", unmatched.Take(10))}{(unmatched.Count > 10 ? ", ..." : "")}");
        if (pairs.Count < 2)
        {
            await console.Error.WriteLineAsync($"endoked train student: {pairs.Count} frame/mask pair(s) found; at least 2 are needed.");
            return 1;
        }

        var split = StudentFolders.Split(pairs, validationFraction, training.Seed);
        var byId = pairs.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var trainSet = split.In(SplitPart.Train).Select(a => byId[a.ImageId]).ToList();
        var validationSet = split.In(SplitPart.Validation).Select(a => byId[a.ImageId]).ToList();
        await console.Out.WriteLineAsync($"{pairs.Count} pairs: {trainSet.Count} train, {validationSet.Count} validation (split {split.ContentHash[..12]}, {split.Assignments.Select(a => a.Group).Distinct().Count()} near-duplicate groups); input {network.InputSize}x{network.InputSize}, base {network.BaseChannels}, {network.Levels} levels");

        var train = SampleLoading.Load(trainSet, network.InputSize, ct);
        var validation = SampleLoading.Load(validationSet, network.InputSize, ct);
        var checkpoint = Path.Combine(output, CheckpointFolder);
        if (resume && StudentCheckpoint.Exists(checkpoint))
            await console.Out.WriteLineAsync($"resuming after epoch {StudentCheckpoint.Read(checkpoint).Epoch}");
        var result = StudentTrainer.Train(train, validation, network, training, checkpoint, resume, new EpochPrinter(console.Out), ct);
        using var model = result.Network;

        var export = StudentModelStore.Save(output, model, new Dictionary<string, string>
        {
            ["split_hash"] = split.ContentHash,
            ["epochs"] = result.History.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await console.Out.WriteLineAsync($"model {export.Version}: ONNX check max |torch - onnx| = {export.Check.MaxAbsDiff:0.###e+0} (< {export.Check.Tolerance:0e+0})");

        CentreScores? scores = null;
        if (validationSet.Count > 0)
        {
            using var segmenter = new StudentSegmenter(export.Model, new OnnxRuntimeOptions { PreferCuda = false });
            scores = CentreEvaluation.Evaluate(segmenter, validationSet, ct).Single();
            await console.Out.WriteLineAsync($"validation at full size ({scores.Frames} frames): Dice {scores.Mean.Dice:0.0000}  IoU {scores.Mean.IoU:0.0000}  HD95 {scores.Mean.Hd95:0.00} px");
        }

        var metrics = new
        {
            model = export.Version,
            network = new { network.InputSize, network.BaseChannels, network.Levels, network.Seed, parameters = model.ParameterCount() },
            training = new { training.Epochs, training.BatchSize, training.LearningRate, training.Seed, training.Threads, firstEpochRun = result.FirstEpochRun },
            epochs = result.History,
            onnxCheck = export.Check,
            split = new
            {
                contentHash = split.ContentHash,
                train = trainSet.Count,
                validation = validationSet.Count,
                leakageClean = split.Leakage.IsClean,
                unmatchedFrames = unmatched,
            },
            validation = scores is null ? null : new { scores.Frames, scores.Mean.Dice, iou = scores.Mean.IoU, scores.Mean.Precision, scores.Mean.Recall, hd95 = scores.Mean.Hd95 },
        };
        await File.WriteAllTextAsync(Path.Combine(output, MetricsFile), JsonSerializer.Serialize(metrics, Json), ct);
        await console.Out.WriteLineAsync($"wrote {Path.Combine(output, StudentModelStore.ModelFile)}, {checkpoint}{Path.DirectorySeparatorChar}, {Path.Combine(output, MetricsFile)}");
        return 0;
    }

    /// <summary>Prints each epoch on the training thread as it ends.</summary>
    private sealed class EpochPrinter(TextWriter output) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics m) =>
            output.WriteLine($"epoch {m.Epoch}/{m.Epochs}  loss {m.TrainLoss:0.0000}  val Dice {m.ValidationDice:0.0000}  {m.Seconds:0.0} s");
    }
}
