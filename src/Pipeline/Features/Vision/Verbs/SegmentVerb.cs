using System.Diagnostics;
using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;

namespace EndoKED.Pipeline.Features.Vision.Verbs;

/// <summary><c>./endoked segment</c> (cli.md): box-prompted masks for a folder of frames.</summary>
/// <param name="sam">Where SAM is; the environment (ENDOKED_SAM_ENCODER, ENDOKED_SAM_DECODER) when not given.</param>
public sealed class SegmentVerb(Func<SamOptions>? sam = null) : IVerb
{
    public string Name => "segment";
    public string Summary => "box-prompted masks for a folder of frames (embedded refiner; SAM when configured)";
    public string Help => """
        Usage: ./endoked segment --images DIR --boxes BOXES.json --output DIR [--refiner auto|sam|embedded]

        BOXES.json: {"<image file name>": [x0, y0, x1, y1], ...} in pixels. Writes <stem>.png masks (0/255, the image's
        size) and segment.jsonl (file, refiner, version, quality, seconds, or the error for that frame) into --output.
        auto uses SAM when one is configured, else the embedded refiner. A bad frame is reported and the rest go on.
        SAM: set ENDOKED_SAM_ENCODER and ENDOKED_SAM_DECODER to a box-promptable SAM's encoder and decoder ONNX files
        (segment-anything's standard export); it runs on CUDA when available, else on the CPU.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var images = args.Required("images");
        var boxesPath = args.Required("boxes");
        var output = args.Required("output");
        var refinerName = args.OneOf("refiner", "auto", RefinerSelector.Choices);
        args.EnsureAllRead();
        if (!Directory.Exists(images)) throw new UsageException($"--images '{images}' is not a folder.");
        if (!File.Exists(boxesPath)) throw new UsageException($"--boxes '{boxesPath}' does not exist.");
        var selected = RefinerSelector.Select(refinerName, (sam ?? SamOptions.FromEnvironment)(), out var samError);
        if (selected is null)
        {
            await console.Error.WriteLineAsync($"endoked segment: {samError}");
            return 1;
        }
        using var disposeRefiner = selected as IDisposable;
        var refiner = selected;

        Dictionary<string, double[]> boxes;
        try
        {
            boxes = JsonSerializer.Deserialize<Dictionary<string, double[]>>(await File.ReadAllTextAsync(boxesPath, cancellationToken)) ?? [];
        }
        catch (JsonException e)
        {
            throw new UsageException($"--boxes is not a JSON object of [x0, y0, x1, y1] arrays: {e.Message}");
        }

        Directory.CreateDirectory(output);
        var loader = new FrameLoader();
        var ok = 0;
        await using var log = new StreamWriter(Path.Combine(output, "segment.jsonl"));
        foreach (var (file, xyxy) in boxes.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(images, Path.GetFileName(file));
            var watch = Stopwatch.StartNew();
            string line;
            var load = xyxy.Length == 4 ? loader.LoadFile(path) : FrameLoadResult.Rejected("the box needs four numbers [x0, y0, x1, y1]");
            if (load.Frame is not { } frame)
            {
                line = JsonSerializer.Serialize(new { file, error = load.Rejection });
            }
            else
            {
                using (frame)
                {
                    var proposal = refiner.Refine(frame, Box.FromCorners(xyxy), cancellationToken);
                    MaskMats.WritePng(Path.Combine(output, Path.GetFileNameWithoutExtension(file) + ".png"), proposal.Mask);
                    line = JsonSerializer.Serialize(new { file, refiner = proposal.Refiner, version = proposal.Version, provenance = proposal.Provenance, quality = proposal.Quality, seconds = Math.Round(watch.Elapsed.TotalSeconds, 4), note = proposal.Note });
                    ok++;
                }
            }
            await log.WriteLineAsync(line);
        }
        await console.Out.WriteLineAsync($"{ok} of {boxes.Count} frames segmented with {refiner.Name} {refiner.Version}; see {Path.Combine(output, "segment.jsonl")}");
        return ok == boxes.Count ? 0 : 1;
    }
}
