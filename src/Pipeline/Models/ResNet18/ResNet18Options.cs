using EndoKED.Pipeline.Models.Onnx;

namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>Where the packaged ResNet-18 lives and how frames reach it. Bound from configuration section FrameLabels:ResNet18.</summary>
public sealed record ResNet18Options
{
    /// <summary>The folder that holds ResNet18Onnx/ResNet18.onnx and ResNetPrepOnnx/ResNetPreprocess.onnx, as the
    /// NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 lays them out beside the program.</summary>
    public string ModelDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    public int BatchSize { get; init; } = 16;

    /// <summary>Frames larger than this are refused before decoding (ImageSharp 2.x must not see crafted sizes).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    public OnnxRuntimeOptions Runtime { get; init; } = new();

    internal string NetworkPath => Path.Combine(ModelDirectory, "ResNet18Onnx", "ResNet18.onnx");
    internal string PreprocessPath => Path.Combine(ModelDirectory, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
}
