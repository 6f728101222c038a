using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>
/// Writes the instance head as an ONNX graph over the 512x7x7 feature map: global average pooling reproduces the
/// pooled features, so one session gives the frame probability and, through a 1x1 convolution with the same weights
/// folded with the standardisation, the class activation map (each cell's logit; their mean is the frame logit).
/// </summary>
public static class MilOnnxExporter
{
    public const string Input = "feature_map";
    public const string Probability = "probability";
    public const string Logit = "logit";
    public const string Cam = "cam";

    public static ModelProto Export(MilHeadWeights head, string version)
    {
        var d = head.Weights.Length;
        var (camWeights, camBias) = FoldStandardisation(head);
        const int side = FrameFeatures.MapSide;
        return new OnnxGraphBuilder("endoked_mil_instance_head")
            .Input(Input, null, d, side, side)
            .Output(Probability, null, 1)
            .Output(Logit, null, 1)
            .Output(Cam, null, 1, side, side)
            .Initializer("mean", head.Mean, d)
            .Initializer("std", head.Std, d)
            .Initializer("weight", head.Weights, 1, d)
            .Initializer("bias", [head.Bias], 1)
            .Initializer("cam_weight", camWeights, 1, d, 1, 1)
            .Initializer("cam_bias", [camBias], 1)
            .Node("GlobalAveragePool", [Input], ["pooled4"])
            .Node("Flatten", ["pooled4"], ["pooled"], OnnxGraphBuilder.IntAttribute("axis", 1))
            .Node("Sub", ["pooled", "mean"], ["centred"])
            .Node("Div", ["centred", "std"], ["standardised"])
            .Node("Gemm", ["standardised", "weight", "bias"], [Logit], OnnxGraphBuilder.IntAttribute("transB", 1))
            .Node("Sigmoid", [Logit], [Probability])
            .Node("Conv", [Input, "cam_weight", "cam_bias"], [Cam], OnnxGraphBuilder.IntsAttribute("kernel_shape", 1, 1))
            .Build(version);
    }

    /// <summary>w·((x − μ)/σ) + b = (w/σ)·x + (b − Σ w μ/σ): the CAM needs only the folded weights.</summary>
    private static (float[] Weights, float Bias) FoldStandardisation(MilHeadWeights head)
    {
        var folded = new float[head.Weights.Length];
        double bias = head.Bias;
        for (var j = 0; j < folded.Length; j++)
        {
            folded[j] = head.Weights[j] / head.Std[j];
            bias -= (double)head.Weights[j] * head.Mean[j] / head.Std[j];
        }
        return (folded, (float)bias);
    }
}
