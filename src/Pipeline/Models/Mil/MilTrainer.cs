using EndoKED.Pipeline.Models.Torch;
using System.Diagnostics;
using EndoKED.Pipeline.Models.Student.Fitting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>One finished epoch (1-based): the mean training loss and the wall time; the caller scores validation.</summary>
public sealed record MilEpoch(int Epoch, int Epochs, double TrainLoss, double Seconds);

/// <summary>The trainer's own state beside a checkpoint's weights: the epoch they belong to and the feature width.</summary>
public sealed record MilCheckpoint(int Epoch, int Features, int Hidden, IReadOnlyList<MilEpoch> History);

/// <summary>
/// Trains <see cref="MilNetwork"/> on examination bags with TorchSharp on the CPU. With a checkpoint folder, each epoch
/// ends with a checkpoint (weights, Adam's state, the epoch) and a resumed run continues after the last one; epoch e
/// shuffles with (seed, e), so resuming repeats nothing. Cancellation is honoured between steps.
/// </summary>
public static class MilTrainer
{
    /// <summary>Returns the trained network (the caller exports and disposes it) and the last epoch's mean loss.</summary>
    public static (MilNetwork Network, double FinalLoss) Train(IReadOnlyList<MilBag> bags, MilTrainingOptions options) =>
        Train(bags, options, null, null, CancellationToken.None);

    public static (MilNetwork Network, double FinalLoss) Train(IReadOnlyList<MilBag> bags, MilTrainingOptions options,
        string? checkpointFolder, Action<MilNetwork, MilEpoch>? epochEnded, CancellationToken ct)
    {
        if (!bags.Any(b => b.Positive) || !bags.Any(b => !b.Positive))
            throw new ArgumentException("MIL training needs both positive and negative bags.", nameof(bags));
        if (bags.Any(b => b.Instances.Count == 0))
            throw new ArgumentException("Every bag needs at least one frame.", nameof(bags));
        TorchEnvironment.EnsurePrepared();
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);

        var (mean, std) = Standardisation(bags, options.StdEpsilon);
        var resume = checkpointFolder is not null && CheckpointFiles.Exists(checkpointFolder)
            ? CheckpointFiles.Read<MilCheckpoint>(checkpointFolder) : null;
        if (resume is not null && (resume.Features, resume.Hidden) != (mean.Length, options.AttentionHidden))
            throw new InvalidOperationException($"The checkpoint in {checkpointFolder} holds a head on {resume.Features} features " +
                $"with {resume.Hidden} attention units, not {mean.Length} and {options.AttentionHidden}.");
        var network = new MilNetwork(mean, std, options.AttentionHidden);
        if (resume is not null) network.load(CheckpointFiles.Weights(checkpointFolder!));
        var tensors = bags.Select(b => (Features: Stack(b.Instances), Label: tensor(new[] { b.Positive ? 1f : 0f }))).ToList();
        using var optimiser = torch.optim.Adam(network.Parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        if (resume is not null) CheckpointFiles.LoadOptimizer(checkpointFolder!, optimiser);
        var history = new List<MilEpoch>(resume?.History ?? []);
        var lastLoss = history.Count > 0 ? history[^1].TrainLoss : double.NaN;
        try
        {
            for (var epoch = (resume?.Epoch ?? 0) + 1; epoch <= options.Epochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                lastLoss = RunEpoch(network, optimiser, tensors, options, epoch, ct);
                var metrics = new MilEpoch(epoch, options.Epochs, lastLoss, watch.Elapsed.TotalSeconds);
                history.Add(metrics);
                if (checkpointFolder is not null)
                    CheckpointFiles.Save(checkpointFolder, new MilCheckpoint(epoch, mean.Length, options.AttentionHidden, [.. history]), network, optimiser);
                epochEnded?.Invoke(network, metrics);
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors)
            {
                t.Features.Dispose();
                t.Label.Dispose();
            }
        }
        return (network, lastLoss);
    }

    private static double RunEpoch(MilNetwork network, Adam optimiser, List<(Tensor Features, Tensor Label)> tensors,
        MilTrainingOptions options, int epoch, CancellationToken ct)
    {
        var random = new Random(unchecked((options.Seed * 1_000_003) + epoch));
        var order = Enumerable.Range(0, tensors.Count).OrderBy(_ => random.Next()).ToArray();
        var total = 0.0;
        foreach (var step in order.Chunk(options.BagsPerStep))
        {
            ct.ThrowIfCancellationRequested();
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
        var mean = total / tensors.Count;
        if (double.IsNaN(mean))
            throw new InvalidOperationException($"MIL loss became NaN at epoch {epoch} (is {TorchEnvironment.OneDnnIsaVariable} set?).");
        return mean;
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
