using System.Globalization;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary><c>./endoked train student</c>: frames and masks in; model.onnx, checkpoint/ and metrics.json out.</summary>
public sealed class TrainStudentCommand : ITrainCommand
{
    public string Name => "student";
    public string Summary => "train the student segmentation U-Net on frames and gold masks, export it to ONNX";
    public string Help => """
        ./endoked train student --images DIR --masks DIR [--val-fraction 0.2] [--epochs 20] [--size 256]
                                [--output DIR] [--resume] [--base 16] [--levels 4] [--batch 8] [--lr 0.001]
                                [--seed 17] [--threads N] [--encoder resnet18|plain] [--fine-tune-encoder]

          --encoder resnet18 (default) uses the packaged ImageNet ResNet-18 as the U-Net's encoder, its weights kept
          fixed (the decoder trains; --fine-tune-encoder trains them too, several times slower on a CPU); plain trains
          a --levels deep U-Net from scratch. --size must be a multiple of 32 for resnet18.

          Masks are matched to frames by file stem (as in evaluate-masks); frames without a mask are listed and skipped.
          Validation frames are drawn so that near-duplicate frames (dHash within 6 bits) stay on one side.
          Prints one line per epoch (training loss, validation Dice at the input size). Writes into --output
          (default ./student-model): model.onnx (checked against TorchSharp in ONNX Runtime; the largest difference
          must be under 1e-3), checkpoint/ (after every epoch: weights, optimiser state, epoch, seed) and
          metrics.json (epochs, the ONNX check, the split and its hash, validation Dice, IoU and HD95 at full size).
          --resume continues after the last checkpointed epoch in --output (same --size, --base, --levels).
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var images = args.Required("images");
        var masks = args.Required("masks");
        var validation = Fraction(args.Optional("val-fraction"), 0.2, "val-fraction");
        var network = new StudentOptions
        {
            InputSize = args.OptionalInt("size", 256),
            BaseChannels = args.OptionalInt("base", 16),
            Levels = args.OptionalInt("levels", 4),
            Seed = args.OptionalInt("seed", 17),
            Encoder = args.Optional("encoder") ?? StudentEncoders.ResNet18,
            FreezeEncoder = !args.Flag("fine-tune-encoder"),
        };
        var training = new StudentTrainingOptions
        {
            Epochs = Positive(args.OptionalInt("epochs", 20), "epochs"),
            BatchSize = Positive(args.OptionalInt("batch", 8), "batch"),
            LearningRate = Fraction(args.Optional("lr"), 1e-3, "lr"),
            Seed = network.Seed,
            Threads = Positive(args.OptionalInt("threads", Math.Max(1, Environment.ProcessorCount)), "threads"),
        };
        var output = args.Optional("output") ?? "student-model";
        var resume = args.Flag("resume");
        args.EnsureAllRead();
        if (!Directory.Exists(images)) throw new UsageException($"--images '{images}' is not a folder.");
        if (!Directory.Exists(masks)) throw new UsageException($"--masks '{masks}' is not a folder.");
        try
        {
            network.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(e.Message.Split(Environment.NewLine)[0]);
        }

        var run = new StudentRun(console);
        return await run.RunAsync(images, masks, validation, network, training, output, resume, cancellationToken);
    }

    private static double Fraction(string? value, double fallback, string name)
    {
        if (value is null) return fallback;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v < 1
            ? v
            : throw new UsageException($"--{name} must be a number from 0 up to (not including) 1 (got '{value}').");
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new UsageException($"--{name} must be at least 1 (got {value}).");
}
