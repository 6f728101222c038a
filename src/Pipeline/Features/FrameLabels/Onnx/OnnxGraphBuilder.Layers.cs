namespace EndoKED.Pipeline.Features.FrameLabels.Onnx;

/// <summary>
/// Layer-level helpers for convolutional graphs (the student U-Net): each adds its initializers and one node.
/// Weights are in PyTorch's layouts, which are ONNX's: Conv [out, in, kH, kW], ConvTranspose [in, out, kH, kW].
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>A square-kernel 2-D convolution with bias, stride 1 and symmetric zero padding.</summary>
    public OnnxGraphBuilder Conv(string input, string output, float[] weight, long[] weightDims, float[] bias, int padding)
    {
        var kernel = weightDims[2];
        return Initializer($"{output}.weight", weight, weightDims)
            .Initializer($"{output}.bias", bias, weightDims[0])
            .Node("Conv", [input, $"{output}.weight", $"{output}.bias"], [output],
                IntsAttribute("kernel_shape", kernel, weightDims[3]),
                IntsAttribute("pads", padding, padding, padding, padding),
                IntsAttribute("strides", 1, 1));
    }

    /// <summary>A transposed convolution whose stride equals its kernel (the U-Net's learnt 2× upsampling).</summary>
    public OnnxGraphBuilder ConvTranspose(string input, string output, float[] weight, long[] weightDims, float[] bias)
    {
        var (kh, kw) = (weightDims[2], weightDims[3]);
        return Initializer($"{output}.weight", weight, weightDims)
            .Initializer($"{output}.bias", bias, weightDims[1])
            .Node("ConvTranspose", [input, $"{output}.weight", $"{output}.bias"], [output],
                IntsAttribute("kernel_shape", kh, kw),
                IntsAttribute("strides", kh, kw));
    }

    public OnnxGraphBuilder MaxPool(string input, string output, int size) =>
        Node("MaxPool", [input], [output], IntsAttribute("kernel_shape", size, size), IntsAttribute("strides", size, size));

    public OnnxGraphBuilder Relu(string input, string output) => Node("Relu", [input], [output]);

    public OnnxGraphBuilder Sigmoid(string input, string output) => Node("Sigmoid", [input], [output]);

    public OnnxGraphBuilder Concat(string[] inputs, string output, int axis) =>
        Node("Concat", inputs, [output], IntAttribute("axis", axis));
}
