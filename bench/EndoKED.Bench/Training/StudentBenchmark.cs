using System.Diagnostics;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Bench.Benchmarks;
using EndoKED.Bench.FrameLabels;
using EndoKED.Pipeline.Features.Training.Verbs;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Bench.Training;

/// <summary>
/// Trains the student on the shared cvc-clinicdb frames (15 % held out by near-duplicate groups) for a fixed budget
/// (EndoKED__Bench__Student__Epochs, default 5, and __Minutes, default 10, whichever ends first; --size sets the input,
/// default 256) once per encoder in EndoKED__Bench__Student__Encoders (default "resnet18,plain": the pretrained
/// frozen encoder and the from-scratch U-Net, same frames, same budget each; __FineTune=true trains the ResNet-18 too)
/// and scores each exported ONNX model on the held-out frames, cvc-colondb and cvc-300, beside a fixed central-ellipse
/// mask measured in the same run (what a model must beat to have learnt anything about polyps).
/// </summary>
public sealed class StudentBench(IConfiguration configuration) : IBenchmark
{
    public string Name => "student";
    public string Summary => "student U-Net: seconds per epoch on cvc-clinicdb, Dice on held-out, cvc-colondb, cvc-300 vs a central ellipse";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        if (context.PolypsData is null)
        {
            await output.WriteLineAsync("skipped: ../shared/data/polyps is not on this machine (--data DIR).");
            return;
        }
        var encoders = (configuration.GetValue<string>("EndoKED:Bench:Student:Encoders") ?? $"{StudentEncoders.ResNet18},{StudentEncoders.Plain}")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var network = new StudentOptions
        {
            InputSize = context.Size > 0 ? context.Size : 256, BaseChannels = configuration.GetValue("EndoKED:Bench:Student:Base", 16),
            FreezeEncoder = !configuration.GetValue("EndoKED:Bench:Student:FineTune", false),
        };
        var epochs = configuration.GetValue("EndoKED:Bench:Student:Epochs", 5);
        var budget = TimeSpan.FromMinutes(configuration.GetValue("EndoKED:Bench:Student:Minutes", 10.0));
        var training = new StudentTrainingOptions { Epochs = epochs, BatchSize = configuration.GetValue("EndoKED:Bench:Student:Batch", 8) };

        var sets = PolypsManifest.Read(context.PolypsData).Where(e => e.Mask is not null)
            .Select(e => new SegmentationSample(e.Image, Path.Combine(context.PolypsData, e.Image), Path.Combine(context.PolypsData, e.Mask!), e.Dataset))
            .GroupBy(s => s.Centre).ToDictionary(g => g.Key, g => g.ToList());
        var clinic = sets["cvc-clinicdb"];
        var split = StudentFolders.Split(clinic, 0.15, training.Seed);
        var byId = clinic.ToDictionary(s => s.Id);
        var trainSet = split.In(SplitPart.Train).Select(a => byId[a.ImageId]).ToList();
        var heldOut = split.In(SplitPart.Validation).Select(a => byId[a.ImageId] with { Centre = "cvc-clinicdb (held out)" }).ToList();
        await output.WriteLineAsync($"student {network.InputSize}x{network.InputSize}, base {network.BaseChannels}; encoders {string.Join(", ", encoders)}; cvc-clinicdb {trainSet.Count} train / {heldOut.Count} held out (near-duplicate groups kept together, leakage clean: {split.Leakage.IsClean}); budget {epochs} epochs or {budget.TotalMinutes:0.#} min, {training.Threads} threads");

        var load = Stopwatch.StartNew();
        var train = SampleLoading.Load(trainSet, network.InputSize, ct);
        var validation = SampleLoading.Load(heldOut, network.InputSize, ct);
        load.Stop();
        await output.WriteLineAsync($"decode + resize {train.Count + validation.Count} frames: {load.Elapsed.TotalSeconds:0.0} s");
        var tests = heldOut.Concat(sets.GetValueOrDefault("cvc-colondb", [])).Concat(sets.GetValueOrDefault("cvc-300", [])).ToList();
        var ellipses = tests.GroupBy(t => t.Centre).ToDictionary(g => g.Key, g => EllipseBaseline([.. g]));
        var rows = new List<string>();
        foreach (var encoder in encoders)
        {
            var options = network with { Encoder = encoder };
            options.Validate();
            using (var probe = StudentNetwork.Create(options))
                await output.WriteLineAsync($"{Environment.NewLine}encoder {Describe(options)}: {probe.ParameterCount():N0} trained values");
            rows.AddRange(await TrainAndScoreAsync(options, training, epochs, budget, train, validation, tests, ellipses, output, ct));
        }
        await output.WriteLineAsync($"{Environment.NewLine}| encoder | test set | frames | Dice student | Dice central ellipse | IoU student | HD95 px student | HD95 px ellipse |");
        await output.WriteLineAsync("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows) await output.WriteLineAsync(row);
    }

    private static string Describe(StudentOptions o) => StudentEncoders.Describe(o.Encoder, o.FreezeEncoder);

    private static async Task<IReadOnlyList<string>> TrainAndScoreAsync(StudentOptions network, StudentTrainingOptions training, int epochs,
        TimeSpan budget, IReadOnlyList<LoadedSample> train, IReadOnlyList<LoadedSample> validation, IReadOnlyList<SegmentationSample> tests,
        IReadOnlyDictionary<string, MaskScores> ellipses, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync("| epoch | seconds | train frames/s | train loss | held-out Dice (input size) |");
        await output.WriteLineAsync("|---:|---:|---:|---:|---:|");

        // One epoch per call, resuming from the checkpoint: the time budget is checked between epochs, never mid-epoch.
        var folder = Path.Combine(Path.GetTempPath(), $"endoked-bench-student-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        StudentNetwork? model = null;
        for (var e = 1; e <= epochs && (e == 1 || clock.Elapsed < budget); e++)
        {
            model?.Dispose();
            var result = StudentTrainer.Train(train, validation, network, training with { Epochs = e }, folder, resume: true, ct: ct);
            model = result.Network;
            var m = result.History[^1];
            await output.WriteLineAsync($"| {m.Epoch} | {m.Seconds:0.0} | {train.Count / m.Seconds:0.0} | {m.TrainLoss:0.0000} | {m.ValidationDice:0.0000} |");
        }
        using var trained = model!;
        var export = StudentModelStore.Save(folder, trained);
        await output.WriteLineAsync($"ONNX check: max |torch - onnx| = {export.Check.MaxAbsDiff:0.###e+0}; model {export.Version}");

        // Served as the pipeline serves it (small regions dropped) and raw (every thresholded region), from one model.
        var rows = new List<string>();
        foreach (var fraction in new[] { StudentSegmenter.DefaultMinComponentFraction, 0 })
        {
            using var segmenter = new StudentSegmenter(export.Model, new OnnxRuntimeOptions { PreferCuda = false }, minComponentFraction: fraction);
            var label = fraction > 0 ? $"{Describe(network)}, regions ≥ {fraction:0%} of the largest" : $"{Describe(network)}, every region";
            rows.AddRange(CentreEvaluation.Evaluate(segmenter, tests, ct).Select(s =>
            {
                var ellipse = ellipses[s.Centre];
                return $"| {label} | {s.Centre} | {s.Frames} | {s.Mean.Dice:0.000} | {ellipse.Dice:0.000} | {s.Mean.IoU:0.000} | {s.Mean.Hd95:0.0} | {ellipse.Hd95:0.0} |";
            }));
        }
        Directory.Delete(folder, recursive: true);
        return rows;
    }

    /// <summary>The same mask for every frame: an ellipse over the central half of width and height.</summary>
    private static MaskScores EllipseBaseline(IReadOnlyList<SegmentationSample> samples)
    {
        var loader = new FrameLoader();
        return MaskScores.Mean([.. samples.Select(s =>
        {
            var gold = loader.LoadMask(s.MaskPath).Mask!;
            var (cx, cy, rx, ry) = (gold.Width / 2.0, gold.Height / 2.0, gold.Width / 4.0, gold.Height / 4.0);
            var guess = BinaryMask.FromPredicate(gold.Width, gold.Height,
                (x, y) => (((x + 0.5 - cx) / rx) * ((x + 0.5 - cx) / rx)) + (((y + 0.5 - cy) / ry) * ((y + 0.5 - cy) / ry)) <= 1);
            return MaskMetrics.Compute(gold, guess);
        })]);
    }
}
