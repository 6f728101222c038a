using System.Diagnostics;
using EndoKED.Pipeline.Features.FrameLabels.Featurising;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Features.FrameLabels.Benchmarking;

/// <summary>
/// Throughput of the frame-label stages on the shared polyp frames, each beside a bare InferenceSession.Run loop over
/// the same inputs in the same process, so the wrapper's own cost is visible. For the `bench` verb.
/// </summary>
public static class FrameLabelsBenchmark
{
    public static void Run(string polypsDir, TextWriter output, string? milModelPath = null, int frameCount = 64)
    {
        var entries = PolypsManifest.Read(polypsDir);
        var paths = entries.Where(e => e.Dataset == "cvc-clinicdb").Take(frameCount).Select(e => Path.Combine(polypsDir, e.Image)).ToList();
        using var features = new ResNet18Features(new ResNet18Options());
        output.WriteLine($"frame labels benchmark: {paths.Count} frames, ResNet-18 on {features.Provider}, batch {features.BatchSize}");

        var watch = Stopwatch.StartNew();
        var prepared = new PreparedFrame[paths.Count];
        Parallel.For(0, paths.Count, i => prepared[i] = features.Preparer.TryPrepare(paths[i], out var error)
            ?? throw new InvalidDataException($"{paths[i]}: {error}"));
        Report(output, "decode + resize", paths.Count, watch.Elapsed);

        _ = features.Extract(prepared.Take(features.BatchSize).ToList()); // warm-up: first Run allocates arenas
        watch.Restart();
        var extracted = features.Extract(prepared);
        Report(output, "features (ResNet18Features.Extract)", paths.Count, watch.Elapsed);
        watch.Restart();
        BareLoop(features.Session, features.Names.Input, [features.Names.Pooled, features.Names.FeatureMap],
            prepared.Select(p => p.Input).ToList(), [3, FramePreparer.Side, FramePreparer.Side], features.BatchSize);
        Report(output, "features (bare InferenceSession.Run)", paths.Count, watch.Elapsed);

        var modelPath = milModelPath ?? TrainQuickHead(entries, polypsDir, features);
        using var scorer = new MilScorer(modelPath, new ResNet18Options().Runtime);
        var localiser = new CamLocaliser(new BoxFilterOptions());
        _ = scorer.Score(extracted.Take(4).ToList());
        watch.Restart();
        var scores = scorer.Score(extracted);
        var kept = scores.Select((s, i) => localiser.Localise(s.Cam, FrameFeatures.MapSide, extracted[i].Width, extracted[i].Height))
            .Count(b => b.Accepted);
        Report(output, $"MIL + CAM box (MilScorer + CamLocaliser, {kept} kept)", paths.Count, watch.Elapsed);
        watch.Restart();
        BareLoop(scorer.Session, MilOnnxExporter.Input, [MilOnnxExporter.Probability, MilOnnxExporter.Logit, MilOnnxExporter.Cam],
            extracted.Select(f => f.FeatureMap).ToList(), [FrameFeatures.Channels, FrameFeatures.MapSide, FrameFeatures.MapSide], extracted.Count);
        Report(output, "MIL head (bare InferenceSession.Run)", paths.Count, watch.Elapsed);
    }

    private static void BareLoop(InferenceSession session, string input, string[] outputs, IReadOnlyList<float[]> items, long[] itemShape, int batch)
    {
        var per = items[0].Length;
        using var run = new RunOptions();
        for (var start = 0; start < items.Count; start += batch)
        {
            var n = Math.Min(batch, items.Count - start);
            var data = new float[n * per];
            for (var i = 0; i < n; i++)
                items[start + i].CopyTo(data, i * per);
            using var tensor = OrtValue.CreateTensorValueFromMemory(data, [n, .. itemShape]);
            using var results = session.Run(run, [input], [tensor], outputs);
        }
    }

    /// <summary>Without a given model: a quick head on the manifest (polyp frames vs polyp-free crops), timed apart.</summary>
    private static string TrainQuickHead(IReadOnlyList<PolypsManifestEntry> entries, string polypsDir, ResNet18Features features)
    {
        var sample = entries.Where(e => e.IsPolyp).Take(48).Concat(entries.Where(e => !e.IsPolyp).Take(48)).ToList();
        var frames = features.Extract([.. sample.Select(e => features.Preparer.TryPrepare(Path.Combine(polypsDir, e.Image), out var _)!)]);
        var bags = frames.Select((f, i) => (f, i)).Chunk(6)
            .Select((c, b) => new MilBag($"b{b}", c.Select(x => x.f.Pooled).ToList(), sample[c[0].i].IsPolyp)).ToList();
        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions { Epochs = 20 });
        using var trained = network;
        var path = Path.Combine(Path.GetTempPath(), $"endoked-bench-{Guid.NewGuid():N}", "mil.onnx");
        MilModelStore.Save(path, network.Weights(), 0.5, bags.Count(b => b.Positive), bags.Count(b => !b.Positive), loss);
        return path;
    }

    private static void Report(TextWriter output, string stage, int frames, TimeSpan elapsed) =>
        output.WriteLine($"  {stage,-52} {frames / elapsed.TotalSeconds,9:F1} frames/s  ({elapsed.TotalMilliseconds:F0} ms)");
}
