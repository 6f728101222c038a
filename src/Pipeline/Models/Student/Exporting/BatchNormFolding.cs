using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Student.Exporting;

/// <summary>
/// Folds an inference-mode BatchNorm into the convolution before it:
/// γ·(W∗x + b − μ)/√(σ² + ε) + β = (γ/√(σ² + ε))·W ∗ x + (γ·(b − μ)/√(σ² + ε) + β).
/// The exported graph then has no BatchNormalization node, and is as fast as a plain convolution.
/// </summary>
public static class BatchNormFolding
{
    public static (float[] Weight, long[] WeightDims, float[] Bias) Fold(Conv2d conv, BatchNorm2d norm)
    {
        var weight = Values(conv.weight!);
        var dims = conv.weight!.shape;
        var outChannels = dims[0];
        var perOut = weight.Length / outChannels;
        var convBias = conv.bias is { } b ? Values(b) : new float[outChannels];
        var gamma = Values(norm.weight!);
        var beta = Values(norm.bias!);
        var mean = Values(norm.running_mean!);
        var variance = Values(norm.running_var!);
        var eps = norm.eps;

        var folded = new float[weight.Length];
        var bias = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + eps);
            for (var k = 0; k < perOut; k++)
                folded[(o * perOut) + k] = (float)(weight[(o * perOut) + k] * scale);
            bias[o] = (float)(((convBias[o] - mean[o]) * scale) + beta[o]);
        }
        return (folded, dims, bias);
    }

    public static float[] Values(TorchSharp.torch.Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();
}
