using System.Diagnostics;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Bench.Extraction;
using EndoKED.Bench.FrameLabels;
using OpenCvSharp;

namespace EndoKED.Bench.Benchmarks;

/// <summary>Frame features, MIL scores and CAM boxes beside bare InferenceSession.Run loops (needs the shared frames).</summary>
public sealed class FrameLabelsBench : IBenchmark
{
    public string Name => "frame-labels";
    public string Summary => "frames/s of ResNet-18 features, MIL and CAM boxes beside bare ONNX Runtime loops";

    public Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        if (context.PolypsData is null) return output.WriteLineAsync("skipped: ../shared/data/polyps is not on this machine (--data DIR).");
        FrameLabelsBenchmark.Run(context.PolypsData, output, frameCount: context.Size > 0 ? context.Size : 64);
        return Task.CompletedTask;
    }
}

/// <summary>Issue 18's weak chain per round on the held-out sequences, and the student it trains beside one trained on expert masks.</summary>
public sealed class WeakChainBench : IBenchmark
{
    public string Name => "weak-chain";
    public string Summary => "exam bags → MIL → CAM → self-train rounds: masks vs expert per round, ellipse and expert-box rows, weak vs expert student";

    public Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        if (context.PolypsData is null) return output.WriteLineAsync("skipped: ../shared/data/polyps is not on this machine (--data DIR).");
        WeakChain.WeakChainBenchmark.Run(context.PolypsData, output, context.Size, context.Rounds > 0 ? context.Rounds : 2, ct);
        return Task.CompletedTask;
    }
}

/// <summary>The embedded refiner's frames/s beside a bare decode loop over the same frames.</summary>
public sealed class RefinerBench : IBenchmark
{
    public string Name => "refiner";
    public string Summary => "frames/s of the embedded refiner (box + 5 % margin) beside a plain decode loop, on cvc-clinicdb";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        if (context.PolypsData is null)
        {
            await output.WriteLineAsync("skipped: ../shared/data/polyps is not on this machine (--data DIR).");
            return;
        }
        var folder = Path.Combine(context.PolypsData, "cvc-clinicdb");
        var files = Directory.EnumerateFiles(Path.Combine(folder, "images")).Order(StringComparer.Ordinal).Take(context.Size > 0 ? context.Size : 306).ToList();
        var decode = Stopwatch.StartNew();
        foreach (var f in files)
        {
            using var m = Cv2.ImRead(f, ImreadModes.Color);
        }
        decode.Stop();

        var loader = new FrameLoader();
        var refiner = new EmbeddedRefiner();
        var all = Stopwatch.StartNew();
        foreach (var f in files)
        {
            using var grey = Cv2.ImRead(Path.Combine(folder, "masks", Path.GetFileName(f)), ImreadModes.Grayscale);
            var box = Box.Around(MaskMats.FromGrey(grey))!.Expand(0.05);
            using var frame = loader.LoadFile(f).Frame!;
            refiner.Refine(frame, box, ct);
        }
        all.Stop();
        await output.WriteLineAsync("| run | frames | seconds | frames/s | vs decode loop |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|");
        await output.WriteLineAsync($"| plain decode loop | {files.Count} | {decode.Elapsed.TotalSeconds:0.00} | {files.Count / decode.Elapsed.TotalSeconds:0.0} | 1.00× |");
        await output.WriteLineAsync($"| load + refine (1 thread) | {files.Count} | {all.Elapsed.TotalSeconds:0.00} | {files.Count / all.Elapsed.TotalSeconds:0.0} | {decode.Elapsed.TotalSeconds / all.Elapsed.TotalSeconds:0.00}× |");
    }
}

/// <summary>Rules extractor reports/s on one thread, and the LLM path against an in-process fake Ollama at concurrency 1 and the configured one.</summary>
public sealed class ExtractionBench : IBenchmark
{
    public string Name => "extraction";
    public string Summary => "reports/s of the rules extractor (10,000 reports, one thread) and of the LLM path against a fake Ollama";

    public Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct) =>
        ExtractionBenchmark.RunAsync(output, context.Size > 0 ? context.Size : ExtractionBenchmark.RulesReports, ExtractionBenchmark.LlmReports, ct);
}
