using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>
/// Attention MIL with a jointly trained instance classifier. The instance head (one linear unit on standardised pooled
/// features) scores each frame; a bag is scored twice from those instance logits: by their maximum (a positive
/// examination holds at least one polyp frame) and by gated attention over the frames (Ilse et al., 2018), which lets
/// more than the single top frame of a positive bag learn. Only the instance head is exported; attention exists to train it.
/// A module, so a checkpoint holds every weight and the standardisation (tensor fields are registered as buffers).
/// </summary>
public sealed class MilNetwork : nn.Module
{
    private readonly Tensor mean;
    private readonly Tensor std;
    private readonly Linear instance;
    private readonly Linear attentionV;
    private readonly Linear attentionU;
    private readonly Linear attentionW;

    public MilNetwork(float[] mean, float[] std, int hidden) : base("mil_network")
    {
        var d = mean.Length;
        this.mean = tensor(mean, [1, d]);
        this.std = tensor(std, [1, d]);
        instance = nn.Linear(d, 1);
        attentionV = nn.Linear(d, hidden);
        attentionU = nn.Linear(d, hidden);
        attentionW = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public int Features => (int)mean.shape[1];

    public IEnumerable<Parameter> Parameters() => parameters();

    /// <summary>Instance logits [n], the max-pooled bag logit and the attention-pooled bag logit.</summary>
    public (Tensor Instances, Tensor MaxBag, Tensor AttentionBag) Forward(Tensor bag)
    {
        var h = (bag - mean) / std;
        var logits = instance.call(h).squeeze(1);
        var gate = torch.tanh(attentionV.call(h)) * torch.sigmoid(attentionU.call(h));
        var attention = torch.softmax(attentionW.call(gate).squeeze(1), 0);
        return (logits, logits.max(), (attention * logits).sum());
    }

    /// <summary>Frame logits for <paramref name="count"/> pooled feature vectors laid end to end.</summary>
    public float[] InstanceLogits(float[] pooled, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = tensor(pooled, [count, pooled.Length / count]);
        return instance.call((x - mean) / std).squeeze(1).data<float>().ToArray();
    }

    public MilHeadWeights Weights() => new(
        mean.data<float>().ToArray(),
        std.data<float>().ToArray(),
        instance.weight!.data<float>().ToArray(),
        instance.bias!.data<float>()[0]);
}
