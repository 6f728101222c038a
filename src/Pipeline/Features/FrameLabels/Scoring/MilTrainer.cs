using TorchSharp;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Features.FrameLabels.Scoring;

/// <summary>Trains <see cref="MilNetwork"/> on examination bags with TorchSharp on the CPU.</summary>
public static class MilTrainer
{
    /// <summary>Returns the trained network (the caller exports and disposes it) and the last epoch's mean loss.</summary>
    public static (MilNetwork Network, double FinalLoss) Train(IReadOnlyList<MilBag> bags, MilTrainingOptions options)
    {
        if (!bags.Any(b => b.Positive) || !bags.Any(b => !b.Positive))
            throw new ArgumentException("MIL training needs both positive and negative bags.", nameof(bags));
        if (bags.Any(b => b.Instances.Count == 0))
            throw new ArgumentException("Every bag needs at least one frame.", nameof(bags));
        TorchEnvironment.EnsurePrepared();
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);

        var (mean, std) = Standardisation(bags, options.StdEpsilon);
        var network = new MilNetwork(mean, std, options.AttentionHidden);
        var tensors = bags.Select(b => (Features: Stack(b.Instances), Label: tensor(new[] { b.Positive ? 1f : 0f }))).ToList();
        using var optimiser = torch.optim.Adam(network.Parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var random = new Random(options.Seed);
        var lastLoss = double.NaN;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, tensors.Count).OrderBy(_ => random.Next()).ToArray();
            var total = 0.0;
            foreach (var step in order.Chunk(options.BagsPerStep))
            {
                using var scope = torch.NewDisposeScope();
                optimiser.zero_grad();
                var loss = torch.zeros(1);
                foreach (var i in step)
                {
                    var (_, max, attention) = network.Forward(tensors[i].Features);
                    var y = tensors[i].Label;
                    loss += nn.functional.binary_cross_entropy_with_logits(max.reshape(1), y)
                        + options.AttentionLossWeight * nn.functional.binary_cross_entropy_with_logits(attention.reshape(1), y);
                }
                loss /= step.Length;
                loss.backward();
                optimiser.step();
                total += loss.item<float>() * step.Length;
            }
            lastLoss = total / tensors.Count;
            if (double.IsNaN(lastLoss))
                throw new InvalidOperationException($"MIL loss became NaN at epoch {epoch} (is {TorchEnvironment.OneDnnIsaVariable} set?).");
        }
        foreach (var t in tensors)
        {
            t.Features.Dispose();
            t.Label.Dispose();
        }
        return (network, lastLoss);
    }

    private static Tensor Stack(IReadOnlyList<float[]> instances)
    {
        var d = instances[0].Length;
        var flat = new float[instances.Count * d];
        for (var i = 0; i < instances.Count; i++)
            instances[i].CopyTo(flat, i * d);
        return tensor(flat, [instances.Count, d]);
    }

    private static (float[] Mean, float[] Std) Standardisation(IReadOnlyList<MilBag> bags, double epsilon)
    {
        var all = bags.SelectMany(b => b.Instances).ToList();
        var d = all[0].Length;
        var (mean, std) = (new float[d], new float[d]);
        for (var j = 0; j < d; j++)
        {
            var m = all.Average(v => (double)v[j]);
            var variance = all.Average(v => (v[j] - m) * (v[j] - m));
            (mean[j], std[j]) = ((float)m, (float)Math.Sqrt(variance + epsilon));
        }
        return (mean, std);
    }
}
