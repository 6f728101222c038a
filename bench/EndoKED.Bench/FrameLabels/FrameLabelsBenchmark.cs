using System.Diagnostics;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;

namespace EndoKED.Bench.FrameLabels;

/// <summary>
/// Throughput of the frame-label chain on the shared polyp frames: features, MIL + CAM box, refiner and the whole
/// pseudo-label chain, each beside a bare InferenceSession.Run loop over the same inputs in the same process, so the
/// wrappers' own cost is visible. For the `bench` verb.
/// </summary>
public static class FrameLabelsBenchmark
{
    public static void Run(string polypsDir, TextWriter output, string? milModelPath = null, int frameCount = 64, SamOptions? sam = null)
    {
        var entries = PolypsManifest.Read(polypsDir).Where(e => e.Dataset == "cvc-clinicdb").Take(frameCount).ToList();
        var paths = entries.Select(e => Path.Combine(polypsDir, e.Image)).ToList();
        using var features = new ResNet18Features(new ResNet18Options());
        var refiner = RefinerSelector.Select("auto", sam ?? SamOptions.FromEnvironment(), out var samError)
            ?? throw new InvalidOperationException(samError);
        using var disposeRefiner = refiner as IDisposable;
        output.WriteLine($"frame labels benchmark: {paths.Count} frames, ResNet-18 on {features.Provider}, batch {features.BatchSize}, " +
            $"refiner {refiner.Name}:{refiner.Version}, {Environment.ProcessorCount} cores");
        BenchTable.Header(output);

        var watch = Stopwatch.StartNew();
        var prepared = new PreparedFrame[paths.Count];
        Parallel.For(0, paths.Count, i => prepared[i] = features.Preparer.TryPrepare(paths[i], out var error)
            ?? throw new InvalidDataException($"{paths[i]}: {error}"));
        BenchTable.Row(output, "decode + resize (no model)", paths.Count, watch.Elapsed, null);

        _ = features.Extract(prepared.Take(features.BatchSize).ToList()); // warm-up: first Run allocates arenas
        watch.Restart();
        var extracted = features.Extract(prepared);
        var featuresTime = watch.Elapsed;
        watch.Restart();
        BenchTable.BareLoop(features.Session, features.Names.Input, [features.Names.Pooled, features.Names.FeatureMap],
            prepared.Select(p => p.Input).ToList(), [3, FramePreparer.Side, FramePreparer.Side], features.BatchSize);
        var featuresBare = watch.Elapsed;
        BenchTable.Row(output, "features (ResNet18Features.Extract)", paths.Count, featuresTime, featuresBare);

        var modelPath = milModelPath ?? TrainQuickHead(PolypsManifest.Read(polypsDir), polypsDir, features);
        using var scorer = new MilScorer(modelPath, new ResNet18Options().Runtime);
        var localiser = new CamLocaliser(new BoxFilterOptions());
        _ = scorer.Score(extracted.Take(4).ToList());
        watch.Restart();
        var scores = scorer.Score(extracted);
        var kept = scores.Select((s, i) => localiser.Localise(s.Cam, FrameFeatures.MapSide, extracted[i].Width, extracted[i].Height)).Count(b => b.Accepted);
        var camTime = watch.Elapsed;
        watch.Restart();
        BenchTable.BareLoop(scorer.Session, MilOnnxExporter.Input, [MilOnnxExporter.Probability, MilOnnxExporter.Logit, MilOnnxExporter.Cam],
            extracted.Select(f => f.FeatureMap).ToList(), [FrameFeatures.Channels, FrameFeatures.MapSide, FrameFeatures.MapSide], extracted.Count);
        var camBare = watch.Elapsed;
        BenchTable.Row(output, $"MIL + CAM box (MilScorer + CamLocaliser, {kept} kept)", paths.Count, camTime, camBare);

        // The extra views of a polyp frame's CAM, each timed alone: the last stage à trous on the stage inputs of the
        // frame's own pass, and the mirrored frame's pass (its stage input too).
        var withStage = features.ExtractWithStageInput(prepared, stageInput: true);
        _ = features.FineMaps([.. withStage.Take(4).Select(p => p.StageInput!)], [.. withStage.Take(4).Select(p => p.Features.FeatureMap)]);
        watch.Restart();
        _ = features.FineMaps([.. withStage.Select(p => p.StageInput!)], [.. withStage.Select(p => p.Features.FeatureMap)]);
        BenchTable.Row(output, "view: 14x14 map (last stage on 3 shifted inputs, ResNet18Features.FineMaps)", paths.Count, watch.Elapsed, null);
        watch.Restart();
        watch.Restart();
        _ = features.ExtractWithStageInput([.. prepared.Select(p => p.Mirrored())], stageInput: true);
        BenchTable.Row(output, "view: mirrored frame's pass (with its stage input)", paths.Count, watch.Elapsed, null);

        var (refineTime, refineBare) = Refiner(polypsDir, entries, refiner);
        BenchTable.Row(output, $"refiner ({refiner.Name}, expert box + 5 %)", entries.Count, refineTime, refineBare);

        // The chain with each choice of CAM views, in turn, so the rows compare in one run.
        foreach (var (fine, flip) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var chainLocaliser = new CamLocaliser(new BoxFilterOptions { FineMap = fine, Flip = flip });
            var labeler = new FramePseudoLabeler(features, scorer, chainLocaliser);
            var runner = new PseudoLabelRunner(labeler, refiner, new FrameLoader());
            var outputDir = Path.Combine(Path.GetTempPath(), $"endoked-bench-chain-{Guid.NewGuid():N}");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var summary = runner.Run(paths, outputDir, TextWriter.Null, CancellationToken.None);
            var chainTime = watch.Elapsed;
            var cpuPerFrame = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / paths.Count;
            Directory.Delete(outputDir, recursive: true);
            // The chain's floor: the bare ONNX runs of its stages over the same frames (the refiner's only where it is ONNX).
            var chainBare = featuresBare + camBare + (refineBare is { } r ? r * ((double)summary.Masks / entries.Count) : TimeSpan.Zero);
            BenchTable.Row(output, $"whole chain (pseudo-label: files → masks, {summary.Masks} masks; CAM {chainLocaliser.Version.Split(' ')[1]}; CPU {cpuPerFrame:F0} ms/frame)",
                paths.Count, chainTime, chainBare);
        }
        if (refineBare is null)
            output.WriteLine("The embedded refiner is not an ONNX model: its row has no bare loop, and the chain's bare time counts only ResNet-18 and MIL.");
    }

    /// <summary>The refiner over each frame's expert box; with SAM, a bare encoder + decoder loop over the same tensors.</summary>
    private static (TimeSpan Wrapped, TimeSpan? Bare) Refiner(string polypsDir, IReadOnlyList<PolypsManifestEntry> entries, IMaskRefiner refiner)
    {
        var loader = new FrameLoader();
        var frames = entries.Select(e => (Frame: loader.LoadFile(Path.Combine(polypsDir, e.Image)).Frame!,
            Box: Box.Around(loader.LoadMask(Path.Combine(polypsDir, e.Mask!)).Mask!)!.Expand(0.05))).ToList();
        try
        {
            _ = refiner.Refine(frames[0].Frame, frames[0].Box, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            foreach (var (frame, box) in frames)
                _ = refiner.Refine(frame, box, CancellationToken.None);
            var wrapped = watch.Elapsed;
            return (wrapped, refiner is SamRefiner sam ? SamBareLoop.Time(sam, frames) : null);
        }
        finally
        {
            foreach (var (frame, _) in frames) frame.Dispose();
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
}
