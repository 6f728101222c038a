using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using EndoKED.Pipeline.Models.Student;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Student.Exporting;

/// <summary>The export check's figure: the largest |TorchSharp − ONNX Runtime| logit over a random batch.</summary>
public sealed record OnnxCheckResult(double MaxAbsDiff, double Tolerance, int Batch, int Seed)
{
    public bool Passed => MaxAbsDiff < Tolerance;
}

/// <summary>An exported model and its check; the bytes are what is written as model.onnx.</summary>
public sealed record StudentExport(byte[] Model, string Version, OnnxCheckResult Check);

/// <summary>
/// Exports and proves the export: the same random batch through the network in eval mode (libtorch) and through the
/// written graph in ONNX Runtime on the CPU; a difference at or above the tolerance fails the export.
/// </summary>
public static class OnnxExportCheck
{
    public const double DefaultTolerance = 1e-3;

    public static StudentExport ExportChecked(StudentNetwork network, string version,
        IReadOnlyDictionary<string, string>? metadata = null, double tolerance = DefaultTolerance, int batch = 2, int seed = 1234)
    {
        var model = StudentOnnxExporter.Export(network, version, metadata).ToByteArray();
        var check = Compare(network, model, tolerance, batch, seed);
        if (!check.Passed)
            throw new InvalidOperationException($"ONNX export check failed: max |torch − onnx| = {check.MaxAbsDiff:g3} ≥ {tolerance:g3}.");
        return new StudentExport(model, version, check);
    }

    public static OnnxCheckResult Compare(StudentNetwork network, byte[] model, double tolerance, int batch, int seed)
    {
        var size = network.Options.InputSize;
        var input = new float[batch * 3 * size * size];
        var random = new Random(seed);
        for (var i = 0; i < input.Length; i++)
            input[i] = (float)random.NextDouble();

        var torchLogits = network.EvalLogits(input, batch);
        using var session = OnnxSessionFactory.Create(model, new OnnxRuntimeOptions { PreferCuda = false });
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, size, size]);
        using var run = new RunOptions();
        using var outputs = session.Session.Run(run, [StudentOnnxExporter.Input], [tensor], [StudentOnnxExporter.Logit]);
        var onnxLogits = outputs[0].GetTensorDataAsSpan<float>();
        var max = 0.0;
        for (var i = 0; i < torchLogits.Length; i++)
            max = Math.Max(max, Math.Abs(torchLogits[i] - onnxLogits[i]));
        return new OnnxCheckResult(max, tolerance, batch, seed);
    }
}
