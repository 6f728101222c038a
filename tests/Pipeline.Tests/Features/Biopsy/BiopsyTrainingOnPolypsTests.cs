using EndoKED.Pipeline.Models.Biopsy.Evaluating;
using EndoKED.Pipeline.Models.Biopsy.Exporting;
using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Tests.Features.FrameLabels;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Biopsy;

/// <summary>
/// The biopsy head on real frames. The shared data has no pathology, so the label is synthetic and says nothing about
/// histology: CVC-ClinicDB frames numbered up to 306 (its first sequences) stand for adenoma, the later ones for
/// non-adenoma. Every fourth frame enters; parts interleave within sequences (positions 0, 1 train, 2 validation,
/// 3 test), so the label is learnable from a sequence's look, which is all this test needs: training, export, reload.
/// </summary>
public sealed class BiopsyTrainingOnPolypsTests(ITestOutputHelper output)
{
    private sealed record Labelled(string Centre, string Exam, BiopsySample Sample, int Position);

    private static List<Labelled> Frames(string dir)
    {
        var entries = PolypsManifest.Read(dir).Where(e => e.Dataset == "cvc-clinicdb").OrderBy(e => e.FileNumber).Where((_, i) => i % 4 == 0).ToList();
        var prepared = entries.Select(e => SharedResNet.Instance.Preparer.TryPrepare(Path.Combine(dir, e.Image), out _)!).ToList();
        var features = SharedResNet.Instance.Extract(prepared);
        return [.. entries.Select((e, i) => new Labelled(i % 8 < 4 ? "centre-a" : "centre-b", $"seq-{e.FileNumber / 40}",
            new BiopsySample(features[i].Pooled, e.FileNumber <= 306), i % 4))];
    }

    [SkippableFact]
    public void A_head_trained_two_epochs_on_real_frames_exports_an_onnx_that_reloads_and_matches_torchsharp()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        var frames = Frames(TestPaths.RequirePolypsData());
        List<BiopsySample> Part(params int[] positions) => [.. frames.Where(f => positions.Contains(f.Position)).Select(f => f.Sample)];
        var (train, validation) = (Part(0, 1), Part(2));
        var test = frames.Where(f => f.Position == 3).ToList();
        var options = new BiopsyOptions { Epochs = 2, Hidden = 32, BatchSize = 4, LearningRate = 3e-3 };
        var folder = TestPaths.NewTempDir("biopsy-polyps");
        var epochs = new List<BiopsyEpoch>();

        var result = BiopsyTrainer.Train(train, validation, options, folder, progress: new Progress(epochs));
        using var head = result.Head;
        var threshold = BiopsyMetrics.ChooseThreshold(BiopsyTrainer.Score(head, validation));
        var export = BiopsyModelStore.Export(head, threshold);
        var path = Path.Combine(folder, "biopsy.onnx");
        File.WriteAllBytes(path, export.Model);

        var features = test.SelectMany(t => t.Sample.Features).ToArray();
        var (onnxLogits, onnxProbabilities) = BiopsyModelStore.Run(File.ReadAllBytes(path), features, test.Count);
        var torchLogits = head.Logits(features, test.Count);
        var maxDiff = torchLogits.Select((t, i) => Math.Abs(t - onnxLogits[i])).Max();
        var metrics = BiopsyEvaluation.PerCentre(
            [.. test.Select((t, i) => new CentreCase(t.Centre, t.Exam, new ScoredCase(onnxProbabilities[i], t.Sample.Adenoma)))], threshold);
        var pooled = BiopsyMetrics.Auc([.. test.Select((t, i) => new ScoredCase(onnxProbabilities[i], t.Sample.Adenoma))]);

        output.WriteLine($"frames train {train.Count}, validation {validation.Count}, test {test.Count}; epochs " +
            string.Join("; ", epochs.Select(e => $"{e.Epoch}: loss {e.TrainLoss:F3} val AUC {e.ValidationAuc:F3} {e.Seconds:F2}s")));
        output.WriteLine($"{export.Version} threshold {threshold:F3}; max |torch - onnx| logit {maxDiff:g3} (export check {export.MaxAbsDiff:g3}); test AUC {pooled:F3}");
        foreach (var m in metrics) output.WriteLine($"  {m.Centre}: {m.Frames} frames ({m.Positives}+/{m.Negatives}-) AUC {m.Auc:F3} sens {m.Sensitivity:F3} spec {m.Specificity:F3}");

        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal(2, BiopsyCheckpoint.Read(folder).Epoch);
        Assert.True(maxDiff < 1e-4, $"max |torch - onnx| = {maxDiff}");
        Assert.All(onnxProbabilities.Select((p, i) => Math.Abs(p - (1 / (1 + Math.Exp(-torchLogits[i]))))), d => Assert.True(d < 1e-5));
        Assert.StartsWith(BiopsyModelStore.Family, export.Version);
        Assert.Equal(["centre-a", "centre-b"], metrics.Select(m => m.Centre));
        Assert.True(pooled > 0.6, $"test AUC {pooled}: two short epochs should already beat chance on a learnable label");

        // A third epoch resumes from the checkpoint instead of starting over.
        using var resumed = BiopsyTrainer.Train(train, validation, options with { Epochs = 3 }, folder, resume: true).Head;
        Assert.Equal(3, BiopsyCheckpoint.Read(folder).Epoch);
    }

    private sealed class Progress(List<BiopsyEpoch> epochs) : IProgress<BiopsyEpoch>
    {
        public void Report(BiopsyEpoch value) => epochs.Add(value);
    }
}
