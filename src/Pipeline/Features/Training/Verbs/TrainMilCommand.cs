using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Features.Training.Verbs;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary><c>./endoked train mil</c>: the attention-MIL head from examination-labelled bags of frames.</summary>
public sealed class TrainMilCommand : ITrainCommand
{
    public string Name => "mil";
    public string Summary => "the MIL head: frame polyp probabilities from examination-labelled bags of frames";
    public string Help => """
        Usage: ./endoked train mil --bags DIR|BAGS.csv --output MODEL.onnx [--epochs N] [--threshold P]

        Learns the MIL head (frame probability and CAM) on ImageNet ResNet-18 features from examinations labelled as a
        whole (a report says polyp or not; which frame shows it is unknown). Writes MODEL.onnx and MODEL.json (version,
        feature extractor, threshold), the model that './endoked pseudo-label --model MODEL.onnx' uses.
        --bags DIR       DIR/positive/<exam>/<frames> and DIR/negative/<exam>/<frames> (png, jpg, bmp, tif)
        --bags BAGS.csv  header bag,label,image; label 1/0 (or positive/negative); image relative to the CSV
        --epochs N       passes over the bags (default 60)
        --threshold P    probability from which a frame counts as a polyp frame (default 0.5)
        Unreadable frames are skipped and counted; both positive and negative bags are needed. Runs on the CPU.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var bagsPath = args.Required("bags");
        var output = args.Required("output");
        var epochs = args.OptionalInt("epochs", new MilTrainingOptions().Epochs);
        var thresholdText = args.Optional("threshold") ?? "0.5";
        args.EnsureAllRead();
        if (!double.TryParse(thresholdText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            || threshold is < 0 or > 1)
            throw new UsageException($"--threshold must be a probability in [0, 1] (got '{thresholdText}').");
        if (epochs < 1) throw new UsageException("--epochs must be at least 1.");

        IReadOnlyList<BagFiles> files;
        try
        {
            files = MilBagSource.Read(bagsPath);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }

        TorchEnvironment.EnsurePrepared();
        using var features = new ResNet18Features(new ResNet18Options());
        var (bags, skipped) = Featurise(files, features, cancellationToken);
        if (!bags.Any(b => b.Positive) || !bags.Any(b => !b.Positive))
        {
            await console.Error.WriteLineAsync($"endoked train: need positive and negative bags with readable frames; have {bags.Count(b => b.Positive)} positive, {bags.Count(b => !b.Positive)} negative.");
            return 1;
        }
        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions { Epochs = epochs });
        using (network)
        {
            var saved = MilModelStore.Save(output, network.Weights(), threshold, bags.Count(b => b.Positive), bags.Count(b => !b.Positive), loss);
            await console.Out.WriteLineAsync($"trained {saved.Version} on {bags.Count(b => b.Positive)} positive and {bags.Count(b => !b.Positive)} negative bags " +
                $"({bags.Sum(b => b.Instances.Count)} frames, {skipped} unreadable skipped), final loss {loss:F4}; wrote {output}");
        }
        return 0;
    }

    private static (List<MilBag> Bags, int Skipped) Featurise(IReadOnlyList<BagFiles> files, ResNet18Features features, CancellationToken ct)
    {
        var bags = new List<MilBag>();
        var skipped = 0;
        foreach (var bag in files)
        {
            ct.ThrowIfCancellationRequested();
            var prepared = bag.Frames.Select(f => features.Preparer.TryPrepare(f, out _)).ToList();
            skipped += prepared.Count(p => p is null);
            var readable = prepared.OfType<PreparedFrame>().ToList();
            if (readable.Count > 0)
                bags.Add(new MilBag(bag.Id, [.. features.Extract(readable).Select(f => f.Pooled)], bag.Positive));
        }
        return (bags, skipped);
    }
}
