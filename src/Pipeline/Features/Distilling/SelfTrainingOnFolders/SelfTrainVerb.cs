using System.Globalization;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Models.Torch;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary><c>./endoked self-train</c>: pseudo-label's round 0, then rounds of a student proposing boxes for the refiner.</summary>
/// <param name="sam">Where SAM is; the environment (ENDOKED_SAM_ENCODER, ENDOKED_SAM_DECODER) when not given.</param>
public sealed class SelfTrainVerb(Func<SamOptions>? sam = null) : IVerb
{
    public string Name => "self-train";
    public string Summary => "refinement rounds on a folder of frames: CAM boxes, then a student's boxes, refined into masks";
    public string Help => $$"""
        Usage: ./endoked self-train --images DIR --output DIR [--mil MODEL.onnx] [--rounds 1] [--epochs 20] [--size 64]
                                   [--batch 4] [--encoder resnet18|plain] [--min-quality 0.5]
                                   [--refiner auto|sam|embedded] [--seed 17]

        Round 0 is pseudo-label: for every image in DIR (png, jpg, bmp, tif, gif, webp; not recursive) the polyp
        probability from the MIL head, the CAM box kept by the box filter (or why none was) and the refined mask.
        Each later round trains a small student U-Net on the previous round's masks (frames called polyp with a mask as
        positives, except masks drawn from a refused box's CAM region; frames called polyp-free as empty masks), predicts every polyp frame, puts a box around the
        prediction's regions, judges it with the same box filter and refines it with the same refiner. The new mask
        replaces the frame's earlier one only when the box is kept, the refined quality reaches --min-quality and,
        for a frame that has a mask, the box points at the same place as the box that mask came from (at least half
        of it inside that box, or IoU 0.3 or more); otherwise the frame keeps its earlier mask (or its lack of one): no earlier mask is ever lost. The MIL head's
        frame label never changes: polyp-free frames keep their empty mask.
        Writes into --output:
          round-<r>/<stem>.png          masks of round r (0/255, the frame's size), as pseudo-label writes them
          round-<r>/pseudo-label.jsonl  pseudo-label's lines plus round, box_source (cam, cam-seeds, student or
                                        kept-from-round-<k>), student_sha256 (the round's student ONNX) and
                                        student_outcome (taken, or why its proposal was not)
          round-<r>/student/model.onnx  the round's student (r >= 1)
          self-train.json               every round's figures: frames, masks, changed, new, kept, training loss
        Prints a line per round (and per epoch) and a table of the rounds at the end.
        --mil       the MIL head (.onnx with its .json beside it); default {{MilModelLocator.Variable}}, else
                    .endoked/models/mil.onnx. Make one with './endoked train mil --bags DIR --output MODEL.onnx'.
        --rounds    student rounds after round 0 (0 to 20).
        --epochs, --size, --batch, --seed   the student's training: epochs, square input side (a multiple of 32;
                    of 4 for plain), batch size, seed. The defaults suit a 2-core CPU; the refiner draws the mask,
                    the student only the box.
        --encoder   resnet18 (default: the packaged ImageNet ResNet-18, frozen, as the U-Net's encoder, as in
                    'train student') or plain (a 3-level U-Net from scratch, 8 base channels: about 2.5 times faster a
                    round, worse boxes).
        --min-quality  the refiner's quality (0 to 1) a mask from a student box needs to replace the frame's mask.
        --refiner   auto (SAM when ENDOKED_SAM_ENCODER and ENDOKED_SAM_DECODER are set, else embedded), sam, embedded.
        Exit 0 when every frame was read, 1 when some could not be (their lines say why) or no frame or MIL head was
        found, 2 for bad usage.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var images = args.Required("images");
        var output = args.Required("output");
        var given = args.Optional("mil");
        var settings = Read(args);
        var refinerName = args.OneOf("refiner", "auto", RefinerSelector.Choices);
        args.EnsureAllRead();
        if (!Directory.Exists(images)) throw new UsageException($"--images '{images}' is not a folder.");
        var frames = PseudoLabelVerb.ListFrames(images);
        if (frames.Count == 0)
        {
            await console.Error.WriteLineAsync($"endoked self-train: no frames in '{images}' (png, jpg, bmp, tif, gif or webp files, " +
                "not in subfolders): point --images at the folder that holds the frames themselves.");
            return 1;
        }
        if (MilModelLocator.Find(given, out var modelError, option: "mil") is not { } modelPath)
        {
            await console.Error.WriteLineAsync($"endoked self-train: {modelError}");
            return 1;
        }

        TorchEnvironment.EnsurePrepared();
        using var features = new ResNet18Features(new ResNet18Options());
        using var scorer = new MilScorer(modelPath, new ResNet18Options().Runtime);
        var refiner = RefinerSelector.Select(refinerName, (sam ?? SamOptions.FromEnvironment)(), out var samError);
        if (refiner is null)
        {
            await console.Error.WriteLineAsync($"endoked self-train: {samError}");
            return 1;
        }
        using var disposeRefiner = refiner as IDisposable;
        var loader = new FrameLoader();
        var labeler = new FramePseudoLabeler(features, scorer, new CamLocaliser(settings.Box));
        var runner = new SelfTrainRunner(new PseudoLabelRunner(labeler, refiner, loader),
            new StudentRound(refiner, loader, settings, console.Out), settings, console.Out);
        Directory.CreateDirectory(output);
        var fullImages = Path.GetFullPath(images);
        var rounds = runner.Run(frames, output, done =>
            new SelfTrainReport(fullImages, Path.GetFullPath(modelPath), scorer.Version, refiner.Provenance, settings, done).Write(output),
            cancellationToken);

        await console.Out.WriteLineAsync();
        RoundSummary.WriteTable(console.Out, rounds);
        var last = rounds[^1];
        await console.Out.WriteLineAsync($"{frames.Count - last.Errors} of {frames.Count} frames labelled in {rounds.Count} round{(rounds.Count == 1 ? "" : "s")} " +
            $"with {scorer.Version} and {refiner.Provenance}; see {Path.Combine(output, SelfTrainReport.FileName)}");
        return last.Errors == 0 ? 0 : 1;
    }

    private static SelfTrainSettings Read(CliArgs args)
    {
        var defaults = new SelfTrainSettings();
        var seed = args.OptionalInt("seed", defaults.Student.Seed);
        var settings = defaults with
        {
            Rounds = InRange(args.OptionalInt("rounds", defaults.Rounds), 0, 20, "rounds"),
            Student = defaults.Student with
            {
                InputSize = args.OptionalInt("size", defaults.Student.InputSize), Seed = seed,
                Encoder = args.OneOf("encoder", defaults.Student.Encoder, [.. StudentEncoders.All]),
            },
            Training = defaults.Training with
            {
                Epochs = InRange(args.OptionalInt("epochs", defaults.Training.Epochs), 1, 1000, "epochs"),
                BatchSize = InRange(args.OptionalInt("batch", defaults.Training.BatchSize), 2, 256, "batch"),
                Seed = seed,
            },
            MinQuality = Quality(args.Optional("min-quality"), defaults.MinQuality),
        };
        try
        {
            settings.Student.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException("--size: " + e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
        return settings;
    }

    private static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new UsageException($"--{name} must be from {min} to {max} (got {value}).");

    private static double Quality(string? value, double fallback)
    {
        if (value is null) return fallback;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1
            ? q
            : throw new UsageException($"--min-quality must be a number from 0 to 1 (got '{value}').");
    }
}
