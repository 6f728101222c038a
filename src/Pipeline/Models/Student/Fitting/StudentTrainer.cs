using EndoKED.Pipeline.Models.Torch;
using System.Diagnostics;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Student;
using TorchSharp;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>The trained network (the caller exports and disposes it), every epoch's metrics, and where this run began.</summary>
public sealed record StudentTrainingResult(StudentNetwork Network, IReadOnlyList<EpochMetrics> History, int FirstEpochRun);

/// <summary>
/// Trains the student on the CPU with Adam on Dice + BCE, augmenting each sample. After every epoch it reports
/// <see cref="EpochMetrics"/> and, given a folder, writes a <see cref="StudentCheckpoint"/>; with <c>resume</c> it
/// continues after the last checkpointed epoch. Cancellation is honoured between batches (the epoch in progress is lost;
/// the last checkpoint stands).
/// </summary>
public static class StudentTrainer
{
    public static StudentTrainingResult Train(IReadOnlyList<LoadedSample> train, IReadOnlyList<LoadedSample> validation,
        StudentOptions network, StudentTrainingOptions options, string? checkpointFolder = null, bool resume = false,
        IProgress<EpochMetrics>? progress = null, CancellationToken ct = default)
    {
        if (train.Count == 0) throw new ArgumentException("Training needs at least one sample.", nameof(train));
        TorchEnvironment.EnsurePrepared();
        torch.set_num_threads(options.Threads);

        var history = new List<EpochMetrics>();
        StudentNetwork model;
        var start = 1;
        var resumeFrom = resume && checkpointFolder is not null && StudentCheckpoint.Exists(checkpointFolder)
            ? StudentCheckpoint.Read(checkpointFolder) : null;
        if (resumeFrom is not null)
        {
            if (resumeFrom.Network != network)
                throw new InvalidOperationException($"The checkpoint in {checkpointFolder} was trained with {resumeFrom.Network}, not {network}.");
            model = resumeFrom.LoadNetwork(checkpointFolder!);
            history.AddRange(resumeFrom.History);
            start = resumeFrom.Epoch + 1;
        }
        else
        {
            model = StudentNetwork.Create(network);
        }

        using var optimizer = torch.optim.Adam(model.TrainableParameters(), options.LearningRate, weight_decay: options.WeightDecay);
        if (resumeFrom is not null) StudentCheckpoint.LoadOptimizer(checkpointFolder!, optimizer);
        using var frozenEncoder = OnnxFrozenEncoder.Attach(model, options.Threads);
        try
        {
            for (var epoch = start; epoch <= options.Epochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                var loss = RunEpoch(model, optimizer, train, network.InputSize, options, epoch, ct);
                var dice = StudentValidation.MeanDice(model, validation, network.InputSize);
                var metrics = new EpochMetrics(epoch, options.Epochs, loss, dice, watch.Elapsed.TotalSeconds);
                history.Add(metrics);
                if (checkpointFolder is not null)
                    new StudentCheckpoint(epoch, options.Seed, network, options, [.. history]).Save(checkpointFolder, model, optimizer);
                progress?.Report(metrics);
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return new StudentTrainingResult(model, history, start);
    }

    private static double RunEpoch(StudentNetwork model, Adam optimizer, IReadOnlyList<LoadedSample> train, int size,
        StudentTrainingOptions options, int epoch, CancellationToken ct)
    {
        model.train();
        var random = new Random(unchecked((options.Seed * 1_000_003) + epoch));
        var order = Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).ToArray();
        var plane = size * size;
        var total = 0.0;
        foreach (var batch in order.Chunk(options.BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            // BatchNorm needs two values per channel in training mode; a lone last sample is skipped this epoch.
            if (batch.Length < 2 && train.Count > 1) continue;
            var images = new float[batch.Length * 3 * plane];
            var masks = new float[batch.Length * plane];
            for (var i = 0; i < batch.Length; i++)
                Augmenter.Write(train[batch[i]], size, options.Augmentation, random, images.AsSpan(i * 3 * plane, 3 * plane), masks.AsSpan(i * plane, plane));

            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var x = torch.tensor(images, [batch.Length, 3, size, size]);
            var y = torch.tensor(masks, [batch.Length, 1, size, size]);
            var loss = DiceBceLoss.Compute(model.call(x), y, options.DiceWeight);
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            if (float.IsNaN(value))
                throw new InvalidOperationException($"Student loss became NaN at epoch {epoch} (is {TorchEnvironment.OneDnnIsaVariable} set?).");
            total += value * batch.Length;
        }
        return total / train.Count;
    }
}
