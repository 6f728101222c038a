using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;

namespace EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

/// <summary><c>./endoked pseudo-label</c> (cli.md): frames in, no boxes: probability, box or reason, and mask per frame.</summary>
/// <param name="sam">Where SAM is; the environment (ENDOKED_SAM_ENCODER, ENDOKED_SAM_DECODER) when not given.</param>
public sealed class PseudoLabelVerb(Func<SamOptions>? sam = null) : IVerb
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif", ".webp"];

    /// <summary>The image files of a folder (by extension, not recursive), in ordinal order: the frames a verb labels.</summary>
    public static IReadOnlyList<string> ListFrames(string folder) => [.. Directory.EnumerateFiles(folder)
        .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
        .Order(StringComparer.Ordinal)];

    public string Name => "pseudo-label";
    public string Summary => "frames in, no boxes: polyp probability, CAM box (or why none) and mask per frame";
    public string Help => $$"""
        Usage: ./endoked pseudo-label --images DIR --output DIR [--model MODEL.onnx] [--refiner auto|sam|embedded]

        For every image in DIR (png, jpg, bmp, tif, gif, webp; not recursive): the polyp probability from the MIL head
        on ResNet-18 features, the CAM box kept by the paper's filter or the reason it was refused, and a mask:
          <stem>.png         0/255 at the frame's size: the refined mask inside a kept box; all 0 for a frame below the
                             head's probability threshold. A polyp frame whose box was refused for its shape (touching
                             the border, too large) gets the mask the refiner draws from the CAM's own region in that
                             box when its quality reaches 0.5 (box_source cam-seeds); otherwise no file (unknown).
          pseudo-label.jsonl one line per frame: file, probability, polyp, box [x0,y0,x1,y1] or rejection and reason,
                             candidate box, mask, refiner (provenance), quality, box_source (cam-seeds, for a mask from
                             a refused box's CAM region), mil_version, features_version; or
                             {"file": ..., "error": ...} for a frame that could not be read (the rest go on).
        --model    the MIL head (.onnx with its .json beside it); default {{MilModelLocator.Variable}}, else
                   .endoked/models/mil.onnx. Make one with './endoked train mil --bags DIR --output MODEL.onnx'.
        --refiner  auto (SAM when ENDOKED_SAM_ENCODER and ENDOKED_SAM_DECODER are set, else embedded), sam, embedded.
        Exit 0 when every frame was read, 1 when some could not be (their lines say why), 2 for bad usage.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var images = args.Required("images");
        var output = args.Required("output");
        var given = args.Optional("model");
        var refinerName = args.OneOf("refiner", "auto", RefinerSelector.Choices);
        args.EnsureAllRead();
        if (!Directory.Exists(images)) throw new UsageException($"--images '{images}' is not a folder.");
        if (MilModelLocator.Find(given, out var modelError) is not { } modelPath)
        {
            await console.Error.WriteLineAsync($"endoked pseudo-label: {modelError}");
            return 1;
        }
        var frames = ListFrames(images);

        TorchEnvironment.EnsurePrepared();
        using var features = new ResNet18Features(new ResNet18Options());
        using var scorer = new MilScorer(modelPath, new ResNet18Options().Runtime);
        var refiner = RefinerSelector.Select(refinerName, (sam ?? SamOptions.FromEnvironment)(), out var samError);
        if (refiner is null)
        {
            await console.Error.WriteLineAsync($"endoked pseudo-label: {samError}");
            return 1;
        }
        using var disposeRefiner = refiner as IDisposable;
        var labeler = new FramePseudoLabeler(features, scorer, new CamLocaliser(new BoxFilterOptions()));
        var runner = new PseudoLabelRunner(labeler, refiner, new FrameLoader());
        Directory.CreateDirectory(output);
        var logPath = Path.Combine(output, PseudoLabelRunner.LogName);
        PseudoLabelSummary summary;
        await using (var log = new StreamWriter(logPath))
            summary = runner.Run(frames, output, log, cancellationToken);
        await console.Out.WriteLineAsync($"{summary.Labelled} of {summary.Frames} frames labelled ({summary.Masks} masks, {summary.Errors} unreadable) " +
            $"with {scorer.Version} and {refiner.Name} {refiner.Version}; see {logPath}");
        return summary.Errors == 0 ? 0 : 1;
    }
}
