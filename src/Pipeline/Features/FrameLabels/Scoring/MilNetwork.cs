using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Features.FrameLabels.Scoring;

/// <summary>
/// Attention MIL with a jointly trained instance classifier. The instance head (one linear unit on standardised pooled
/// features) scores each frame; a bag is scored twice from those instance logits: by their maximum (a positive
/// examination holds at least one polyp frame) and by gated attention over the frames (Ilse et al., 2018), which lets
/// more than the single top frame of a positive bag learn. Only the instance head is exported; attention exists to train it.
/// </summary>
public sealed class MilNetwork : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _std;
    private readonly Linear _instance;
    private readonly Linear _attentionV;
    private readonly Linear _attentionU;
    private readonly Linear _attentionW;

    public MilNetwork(float[] mean, float[] std, int hidden)
    {
        var d = mean.Length;
        _mean = tensor(mean, [1, d]);
        _std = tensor(std, [1, d]);
        _instance = nn.Linear(d, 1);
        _attentionV = nn.Linear(d, hidden);
        _attentionU = nn.Linear(d, hidden);
        _attentionW = nn.Linear(hidden, 1);
    }

    public IEnumerable<Parameter> Parameters() =>
        new nn.Module[] { _instance, _attentionV, _attentionU, _attentionW }.SelectMany(m => m.parameters());

    /// <summary>Instance logits [n], the max-pooled bag logit and the attention-pooled bag logit.</summary>
    public (Tensor Instances, Tensor MaxBag, Tensor AttentionBag) Forward(Tensor bag)
    {
        var h = (bag - _mean) / _std;
        var logits = _instance.call(h).squeeze(1);
        var gate = torch.tanh(_attentionV.call(h)) * torch.sigmoid(_attentionU.call(h));
        var attention = torch.softmax(_attentionW.call(gate).squeeze(1), 0);
        return (logits, logits.max(), (attention * logits).sum());
    }

    /// <summary>Frame logits for <paramref name="count"/> pooled feature vectors laid end to end.</summary>
    public float[] InstanceLogits(float[] pooled, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = tensor(pooled, [count, pooled.Length / count]);
        return _instance.call((x - _mean) / _std).squeeze(1).data<float>().ToArray();
    }

    public MilHeadWeights Weights() => new(
        _mean.data<float>().ToArray(),
        _std.data<float>().ToArray(),
        _instance.weight!.data<float>().ToArray(),
        _instance.bias!.data<float>()[0]);

    public void Dispose()
    {
        _mean.Dispose();
        _std.Dispose();
        _instance.Dispose();
        _attentionV.Dispose();
        _attentionU.Dispose();
        _attentionW.Dispose();
    }
}
