using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Models.Mil;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Biopsy.Fitting;

/// <summary>
/// Adenoma logit from a frame's 512-d ResNet-18 pooled features: standardised (training mean and deviation, kept as
/// buffers: RegisterComponents registers tensor fields, so a checkpoint holds them), one hidden ReLU layer, one output. Small on purpose: a few hundred examinations.
/// </summary>
public sealed class BiopsyHead : nn.Module<Tensor, Tensor>
{
    private readonly Tensor mean;
    private readonly Tensor std;
    private readonly Linear hidden;
    private readonly Linear output;

    public BiopsyHead(float[] mean, float[] std, int hidden, int seed) : base("biopsy_head")
    {
        TorchEnvironment.EnsurePrepared();
        torch.manual_seed(seed);
        var d = mean.Length;
        this.mean = torch.tensor(mean, [1, d]);
        this.std = torch.tensor(std, [1, d]);
        this.hidden = nn.Linear(d, hidden);
        output = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public int Features => (int)mean.shape[1];
    public int Hidden => (int)hidden.weight!.shape[0];

    /// <summary>N×512 features → N logits.</summary>
    public override Tensor forward(Tensor x) => output.call(nn.functional.relu(hidden.call((x - mean) / std))).squeeze(1);

    /// <summary>Logits in eval mode without gradients, for the export check and evaluation.</summary>
    public float[] Logits(float[] features, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return call(torch.tensor(features, [count, Features])).contiguous().data<float>().ToArray();
    }

    public BiopsyHeadWeights Weights() => new(
        mean.data<float>().ToArray(), std.data<float>().ToArray(),
        hidden.weight!.data<float>().ToArray(), hidden.bias!.data<float>().ToArray(),
        output.weight!.data<float>().ToArray(), output.bias!.data<float>()[0], Features, Hidden);
}

/// <summary>The head's numbers in PyTorch layouts (Linear weight [out, in]), what the ONNX writer needs.</summary>
public sealed record BiopsyHeadWeights(
    float[] Mean, float[] Std, float[] HiddenWeight, float[] HiddenBias, float[] OutputWeight, float OutputBias, int Features, int Hidden);
