using System.Security.Cryptography;
using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Biopsy.Exporting;

/// <summary>An exported head, its version and the export check's largest |TorchSharp − ONNX Runtime| logit difference.</summary>
public sealed record BiopsyExport(byte[] Model, string Version, double MaxAbsDiff);

/// <summary>
/// Names, exports and proves a biopsy head: the version is the family plus a hash of the graph's content; the check runs
/// a seeded batch of feature vectors through TorchSharp and through the written graph in ONNX Runtime (CPU) and refuses a
/// difference at or above the tolerance.
/// </summary>
public static class BiopsyModelStore
{
    public const string Family = "biopsy-mlp-v1";
    public const double Tolerance = 1e-4;

    public static BiopsyExport Export(BiopsyHead head, double threshold, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var family = $"{Family}-h{head.Hidden}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(BiopsyOnnxExporter.Export(head.Weights(), family).ToByteArray()))[..12];
        var version = $"{family}+{hash}";
        var props = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["version"] = version,
            ["threshold"] = threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["feature_extractor"] = ResNet18Features.ModelVersion,
        };
        var model = BiopsyOnnxExporter.Export(head.Weights(), version, props).ToByteArray();
        var diff = Check(head, model);
        if (diff >= Tolerance)
            throw new InvalidOperationException($"Biopsy ONNX export check failed: max |torch − onnx| = {diff:g3} ≥ {Tolerance:g3}.");
        return new BiopsyExport(model, version, diff);
    }

    /// <summary>The largest logit difference over 16 seeded feature vectors shaped like ResNet-18's (non-negative).</summary>
    public static double Check(BiopsyHead head, byte[] model, int count = 16, int seed = 1234)
    {
        var random = new Random(seed);
        var input = new float[count * head.Features];
        for (var i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2);
        var torch = head.Logits(input, count);
        var onnx = Run(model, input, count).Logits;
        return torch.Select((t, i) => Math.Abs(t - onnx[i])).Max();
    }

    /// <summary>Logits and probabilities of <paramref name="count"/> feature vectors laid end to end, through ONNX Runtime on the CPU.</summary>
    public static (float[] Logits, float[] Probabilities) Run(byte[] model, float[] features, int count)
    {
        using var session = OnnxSessionFactory.Create(model, new OnnxRuntimeOptions { PreferCuda = false });
        using var tensor = OrtValue.CreateTensorValueFromMemory(features, [count, features.Length / count]);
        using var run = new RunOptions();
        using var outputs = session.Session.Run(run, [BiopsyOnnxExporter.Input], [tensor], [BiopsyOnnxExporter.Logit, BiopsyOnnxExporter.Probability]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }
}
