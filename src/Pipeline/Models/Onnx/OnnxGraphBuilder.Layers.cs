namespace EndoKED.Pipeline.Models.Onnx;

/// <summary>
/// Layer-level helpers for convolutional graphs (the student U-Net): each adds its initializers and one node.
/// Weights are in PyTorch's layouts, which are ONNX's: Conv [out, in, kH, kW], ConvTranspose [in, out, kH, kW].
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>A 2-D convolution with bias, symmetric zero padding and the same stride both ways.</summary>
    public OnnxGraphBuilder Conv(string input, string output, float[] weight, long[] weightDims, float[] bias, int padding, int stride = 1)
    {
        var kernel = weightDims[2];
        return Initializer($"{output}.weight", weight, weightDims)
            .Initializer($"{output}.bias", bias, weightDims[0])
            .Node("Conv", [input, $"{output}.weight", $"{output}.bias"], [output],
                IntsAttribute("kernel_shape", kernel, weightDims[3]),
                IntsAttribute("pads", padding, padding, padding, padding),
                IntsAttribute("strides", stride, stride));
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

    /// <summary>Square max-pooling with its own stride and symmetric padding (ResNet's 3×3, stride 2, pad 1).</summary>
    public OnnxGraphBuilder MaxPool(string input, string output, int size, int stride, int padding) =>
        Node("MaxPool", [input], [output], IntsAttribute("kernel_shape", size, size), IntsAttribute("strides", stride, stride),
            IntsAttribute("pads", padding, padding, padding, padding));

    /// <summary>Element-wise sum (a residual connection).</summary>
    public OnnxGraphBuilder Add(string a, string b, string output) => Node("Add", [a, b], [output]);

    /// <summary>x·scale − offset per channel (an input normalisation), with [1, C, 1, 1] constants.</summary>
    public OnnxGraphBuilder ScaleShift(string input, string output, float scale, float[] offset) =>
        Initializer($"{output}.scale", [scale], 1, 1, 1, 1)
            .Initializer($"{output}.offset", offset, 1, offset.Length, 1, 1)
            .Node("Mul", [input, $"{output}.scale"], [$"{output}.scaled"])
            .Node("Sub", [$"{output}.scaled", $"{output}.offset"], [output]);

    public OnnxGraphBuilder Relu(string input, string output) => Node("Relu", [input], [output]);

    public OnnxGraphBuilder Sigmoid(string input, string output) => Node("Sigmoid", [input], [output]);

    public OnnxGraphBuilder Concat(string[] inputs, string output, int axis) =>
        Node("Concat", inputs, [output], IntAttribute("axis", axis));
}
