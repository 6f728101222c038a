using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Biopsy.Evaluating;
using EndoKED.Pipeline.Models.Biopsy.Exporting;
using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.Training.Verbs;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary><c>./endoked train biopsy</c>: the adenoma head from folders of examinations' frames (no ledger).</summary>
public sealed class TrainBiopsyCommand : ITrainCommand
{
    public string Name => "biopsy";
    public string Summary => "the optical-biopsy head: adenoma vs non-adenoma frames, from pathology-labelled examinations";
    public string Help => """
        Usage: ./endoked train biopsy --bags DIR|BAGS.csv --output MODEL.onnx [--epochs N] [--val-fraction 0.25]

        Learns the adenoma head on ResNet-18 features from the frames of examinations labelled by pathology, as
        'train mil' reads them: DIR/positive/<exam>/ (adenoma-class) and DIR/negative/<exam>/ (non-adenoma), or a CSV
        bag,label,image. Give each examination's top frames (the ledger run picks the top K by MIL probability itself).
        Whole examinations go to validation (every n-th by name), where the threshold is chosen (Youden's J).
        Writes MODEL.onnx (checked against TorchSharp within 1e-4) and prints the validation AUC, sensitivity and specificity.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var bags = args.Required("bags");
        var output = Path.GetFullPath(args.Required("output"));
        var options = new BiopsyOptions { Epochs = args.OptionalInt("epochs", new BiopsyOptions().Epochs) };
        var fraction = double.TryParse(args.Optional("val-fraction") ?? "0.25", System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var f) && f is > 0 and < 1 ? f : throw new UsageException("--val-fraction must be in (0, 1).");
        args.EnsureAllRead();
        if (options.Problem() is { } problem) throw new UsageException(problem);
        IReadOnlyList<BagFiles> exams;
        try
        {
            exams = MilBagSource.Read(bags);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }

        using var features = new ResNet18Features(new ResNet18Options());
        var every = Math.Max(2, (int)Math.Round(1 / fraction));
        var (train, validation) = (new List<BiopsySample>(), new List<BiopsySample>());
        foreach (var (exam, i) in exams.OrderBy(e => e.Id, StringComparer.Ordinal).Select((e, i) => (e, i)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prepared = exam.Frames.Select(p => features.Preparer.TryPrepare(p, out _)).OfType<PreparedFrame>().ToList();
            var samples = features.Extract(prepared).Select(x => new BiopsySample(x.Pooled, exam.Positive));
            (i % every == every - 1 ? validation : train).AddRange(samples);
        }
        if (!train.Any(s => s.Adenoma) || train.All(s => s.Adenoma))
        {
            await console.Error.WriteLineAsync("endoked train: biopsy needs readable adenoma and non-adenoma frames for training.");
            return 1;
        }
        var result = BiopsyTrainer.Train(train, validation, options, Path.Combine(Path.GetDirectoryName(output)!, "biopsy-checkpoint"), progress: null, ct: cancellationToken);
        using var head = result.Head;
        var scored = BiopsyTrainer.Score(head, validation);
        var threshold = BiopsyMetrics.ChooseThreshold(scored);
        var export = BiopsyModelStore.Export(head, threshold);
        await File.WriteAllBytesAsync(output, export.Model, cancellationToken);
        var point = BiopsyMetrics.At(scored, threshold);
        await console.Out.WriteLineAsync($"trained {export.Version} on {train.Count} frames ({validation.Count} validation); threshold {threshold:F3}, " +
            $"validation AUC {BiopsyMetrics.Auc(scored):F3}, sensitivity {point.Sensitivity:F3}, specificity {point.Specificity:F3}; " +
            $"max |torch - onnx| {export.MaxAbsDiff:g3}; wrote {output}");
        return 0;
    }
}
