using EndoKED.Pipeline.Models.Torch;
using System.Diagnostics;
using EndoKED.Pipeline.Models.Biopsy.Evaluating;
using EndoKED.Pipeline.Models.Mil;
using TorchSharp;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Biopsy.Fitting;

/// <summary>A labelled feature vector: what the head learns from.</summary>
public sealed record BiopsySample(float[] Features, bool Adenoma);

/// <summary>The trained head (the caller exports and disposes it).</summary>
public sealed record BiopsyTrainingResult(BiopsyHead Head);

/// <summary>
/// Trains <see cref="BiopsyHead"/> with Adam on class-weighted binary cross-entropy (adenoma frames weighted by the
/// negatives-to-positives ratio). After every epoch: validation AUC, a checkpoint when given a folder, a progress report;
/// <c>resume</c> continues after the last checkpoint (epoch e shuffles with (seed, e), so resuming repeats nothing).
/// Cancellation is honoured between batches.
/// </summary>
public static class BiopsyTrainer
{
    public static BiopsyTrainingResult Train(IReadOnlyList<BiopsySample> train, IReadOnlyList<BiopsySample> validation, BiopsyOptions options,
        string? checkpointFolder = null, bool resume = false, IProgress<BiopsyEpoch>? progress = null, CancellationToken ct = default)
    {
        if (!train.Any(s => s.Adenoma) || train.All(s => s.Adenoma))
            throw new ArgumentException("Biopsy training needs adenoma and non-adenoma frames.", nameof(train));
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));
        TorchEnvironment.EnsurePrepared();
        torch.set_num_threads(options.Threads);

        var d = train[0].Features.Length;
        var resumeFrom = resume && checkpointFolder is not null && BiopsyCheckpoint.Exists(checkpointFolder) ? BiopsyCheckpoint.Read(checkpointFolder) : null;
        if (resumeFrom is not null && (resumeFrom.Options.Hidden, resumeFrom.Features) != (options.Hidden, d))
            throw new InvalidOperationException($"The checkpoint in {checkpointFolder} holds a head of {resumeFrom.Options.Hidden} units on " +
                $"{resumeFrom.Features} features, not {options.Hidden} on {d}.");
        var (mean, std) = Standardisation(train, options.StdEpsilon);
        var head = resumeFrom?.LoadHead(checkpointFolder!) ?? new BiopsyHead(mean, std, options.Hidden, options.Seed);
        var history = new List<BiopsyEpoch>(resumeFrom?.History ?? []);
        var start = (resumeFrom?.Epoch ?? 0) + 1;
        using var optimizer = torch.optim.Adam(head.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        if (resumeFrom is not null) BiopsyCheckpoint.LoadOptimizer(checkpointFolder!, optimizer);
        var positiveWeight = train.Count(s => !s.Adenoma) / (double)train.Count(s => s.Adenoma);
        try
        {
            for (var epoch = start; epoch <= options.Epochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                var loss = RunEpoch(head, optimizer, train, options, positiveWeight, epoch, ct);
                var metrics = new BiopsyEpoch(epoch, options.Epochs, loss, BiopsyMetrics.Auc(Score(head, validation)), watch.Elapsed.TotalSeconds);
                history.Add(metrics);
                if (checkpointFolder is not null)
                    new BiopsyCheckpoint(epoch, d, options, [.. history]).Save(checkpointFolder, head, optimizer);
                progress?.Report(metrics);
            }
        }
        catch
        {
            head.Dispose();
            throw;
        }
        return new BiopsyTrainingResult(head);
    }

    /// <summary>The head's probabilities for labelled samples (TorchSharp, eval mode).</summary>
    public static IReadOnlyList<ScoredCase> Score(BiopsyHead head, IReadOnlyList<BiopsySample> samples)
    {
        if (samples.Count == 0) return [];
        var logits = head.Logits([.. samples.SelectMany(s => s.Features)], samples.Count);
        return [.. samples.Select((s, i) => new ScoredCase(1 / (1 + Math.Exp(-logits[i])), s.Adenoma))];
    }

    private static double RunEpoch(BiopsyHead head, Adam optimizer, IReadOnlyList<BiopsySample> train, BiopsyOptions options,
        double positiveWeight, int epoch, CancellationToken ct)
    {
        head.train();
        var random = new Random(unchecked((options.Seed * 1_000_003) + epoch));
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).ToArray();
        var d = train[0].Features.Length;
        var total = 0.0;
        foreach (var batch in order.Chunk(options.BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var x = torch.tensor([.. batch.SelectMany(i => train[i].Features)], [batch.Length, d]);
            var y = torch.tensor([.. batch.Select(i => train[i].Adenoma ? 1f : 0f)], [batch.Length]);
            var loss = torch.nn.functional.binary_cross_entropy_with_logits(head.call(x), y, pos_weights: torch.tensor([(float)positiveWeight]));
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            if (float.IsNaN(value))
                throw new InvalidOperationException($"Biopsy loss became NaN at epoch {epoch} (is {TorchEnvironment.OneDnnIsaVariable} set?).");
            total += value * batch.Length;
        }
        head.eval();
        return total / train.Count;
    }

    private static (float[] Mean, float[] Std) Standardisation(IReadOnlyList<BiopsySample> samples, double epsilon)
    {
        var d = samples[0].Features.Length;
        var (mean, std) = (new float[d], new float[d]);
        for (var j = 0; j < d; j++)
        {
            var m = samples.Average(s => (double)s.Features[j]);
            var variance = samples.Average(s => (s.Features[j] - m) * (s.Features[j] - m));
            (mean[j], std[j]) = ((float)m, (float)Math.Sqrt(variance + epsilon));
        }
        return (mean, std);
    }
}
