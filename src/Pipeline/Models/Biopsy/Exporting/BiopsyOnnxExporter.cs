using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;

namespace EndoKED.Pipeline.Models.Biopsy.Exporting;

/// <summary>
/// Writes <see cref="BiopsyHead"/> as ONNX with the project's own writer: features [N, 512] (ResNet-18 pooled) →
/// standardise → Gemm → Relu → Gemm → logit [N, 1] and its sigmoid, the adenoma probability [N, 1].
/// </summary>
public static class BiopsyOnnxExporter
{
    public const string Input = "features";
    public const string Logit = "logit";
    public const string Probability = "probability";

    public static ModelProto Export(BiopsyHeadWeights w, string version, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var transB = OnnxGraphBuilder.IntAttribute("transB", 1);
        return new OnnxGraphBuilder("endoked_biopsy_head")
            .Input(Input, null, w.Features)
            .Output(Logit, null, 1)
            .Output(Probability, null, 1)
            .Initializer("mean", w.Mean, w.Features)
            .Initializer("std", w.Std, w.Features)
            .Initializer("hidden.weight", w.HiddenWeight, w.Hidden, w.Features)
            .Initializer("hidden.bias", w.HiddenBias, w.Hidden)
            .Initializer("output.weight", w.OutputWeight, 1, w.Hidden)
            .Initializer("output.bias", [w.OutputBias], 1)
            .Node("Sub", [Input, "mean"], ["centred"])
            .Node("Div", ["centred", "std"], ["standardised"])
            .Node("Gemm", ["standardised", "hidden.weight", "hidden.bias"], ["hidden_linear"], transB)
            .Relu("hidden_linear", "hidden")
            .Node("Gemm", ["hidden", "output.weight", "output.bias"], [Logit], transB)
            .Sigmoid(Logit, Probability)
            .Build(version, metadata);
    }
}
