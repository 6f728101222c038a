using System.Text;
using EndoKED.Pipeline.Features.Biopsy.Evaluating;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Featurising;
using EndoKED.Pipeline.Features.FrameLabels.Onnx;
using EndoKED.Pipeline.Features.FrameLabels.Scoring;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;

/// <summary>
/// One frame-scorer run end to end: the bags of its manifest are featurised (ResNet-18 on each stored frame; an
/// unreadable frame is skipped, a bag with none left out), the MIL head trains with a checkpoint folder keyed by the run
/// and reports each epoch with validation AUC per centre, the ONNX export is checked against TorchSharp and stored, then
/// <see cref="MilRunCompleted"/>, <see cref="MilModelRegistered"/> and, when asked, <see cref="FrameScorerPromoted"/> in
/// one transaction.
/// </summary>
public sealed class MilRunWorker(IDocumentStore store, IFileStore files, EndoKedOptions options, ResNet18Options resNet, TimeProvider clock)
{
    /// <summary>The export must reproduce TorchSharp's frame logits this closely.</summary>
    public const double OnnxTolerance = 1e-3;

    public string Actor { get; } = $"mil-trainer:{TrainingRunRequestCheck.CodeVersion}";

    public Task RunAsync(Guid runId, CancellationToken ct = default) =>
        TrainingRunFacts.RunAsync(store, runId, Actor, clock, run => run.MilConfiguration, TrainAsync, ct);

    private async Task TrainAsync(TrainingRunView run, MilConfiguration configuration, CancellationTokenSource cancel)
    {
        var entries = MilBagPlanner.ParseManifest(Encoding.UTF8.GetString(await ReadAsync(run.BagManifestSha256!, cancel.Token)));
        var checkpoint = Path.Combine(Path.GetDirectoryName(StudentRunWorker.CheckpointFolder(options, run.Id))!, "mil-" + run.Id.ToString("N"));

        List<(MilBagEntry Entry, MilBag Bag, IReadOnlyList<FrameFeatures> Frames)> bags;
        using (var features = new ResNet18Features(resNet))
            bags = await FeaturiseAsync(entries, features, cancel.Token);
        var train = bags.Where(b => b.Entry.Part == Training.DraftingSplit.SplitPart.Train).ToList();
        var validation = bags.Where(b => b.Entry.Part != Training.DraftingSplit.SplitPart.Train).ToList();
        if (!train.Any(b => b.Bag.Positive) || !train.Any(b => !b.Bag.Positive))
            throw new InvalidOperationException($"After skipping unreadable frames the training part holds {train.Count(b => b.Bag.Positive)} polyp and " +
                $"{train.Count(b => !b.Bag.Positive)} polyp-free examinations: both are needed. Check the frames in the file store, or label more examinations.");
        var firstEpoch = Training.Fitting.CheckpointFiles.Exists(checkpoint)
            ? Training.Fitting.CheckpointFiles.Read<MilCheckpoint>(checkpoint).Epoch + 1 : 1;
        await TrainingRunFacts.AppendAsync(store, run.Id, new TrainingRunStarted(run.Id, firstEpoch, train.Count, validation.Count, 0, Actor, clock.GetUtcNow()));

        var trainingOptions = new MilTrainingOptions
        {
            Epochs = configuration.Epochs, LearningRate = configuration.LearningRate, BagsPerStep = configuration.BagsPerStep, Seed = configuration.Seed,
        };
        var (network, _) = await Task.Run(() => MilTrainer.Train([.. train.Select(b => b.Bag)], trainingOptions, checkpoint, (net, epoch) =>
        {
            var (overall, centres) = Validate(validation, b => net.InstanceLogits([.. b.Bag.Instances.SelectMany(i => i)], b.Bag.Instances.Count));
            EpochRecorder.Record(store, run.Id, cancel, epoch.Epoch, () => new MilEpochCompleted(run.Id, epoch.Epoch, epoch.Epochs, epoch.TrainLoss,
                overall, centres, epoch.Seconds, Actor, clock.GetUtcNow()));
        }, cancel.Token));
        using (network)
        {
            var (model, version) = MilModelStore.Export(network.Weights());
            using var scorer = new MilScorer(model, new MilModelMetadata(version, ResNet18Features.ModelVersion, configuration.Threshold,
                clock.GetUtcNow(), 0, 0, double.NaN), new OnnxRuntimeOptions { PreferCuda = false });
            var maxDiff = Check(network, scorer, [.. validation.Concat(train).Take(64)]);
            var (_, served) = Validate(validation, b => [.. scorer.Score(b.Frames).Select(s => (float)s.Logit)]);
            var stored = await files.PutAsync(model, cancel.Token);
            await CompleteAsync(run, configuration, version, stored.Sha256, maxDiff, served, cancel.Token);
        }
    }

    /// <summary>Frames decoded from the file store and featurised in batches; each bag keeps its pooled features and maps.</summary>
    private async Task<List<(MilBagEntry, MilBag, IReadOnlyList<FrameFeatures>)>> FeaturiseAsync(
        IReadOnlyList<MilBagEntry> entries, ResNet18Features features, CancellationToken ct)
    {
        Dictionary<Guid, ExaminationView> exams;
        Dictionary<Guid, ImageView> images;
        await using (var session = store.QuerySession())
        {
            exams = (await session.LoadManyAsync<ExaminationView>(ct, entries.Select(e => e.ExaminationId))).ToDictionary(e => e.Id);
            images = (await session.LoadManyAsync<ImageView>(ct, exams.Values.SelectMany(e => e.ImageIds).Distinct())).ToDictionary(i => i.Id);
        }
        var result = new List<(MilBagEntry, MilBag, IReadOnlyList<FrameFeatures>)>();
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            if (!exams.TryGetValue(entry.ExaminationId, out var exam)) continue;
            var frames = exam.ImageIds.Select(images.GetValueOrDefault).OfType<ImageView>().OrderBy(i => i.Ordinal).ToList();
            var prepared = new PreparedFrame?[frames.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, frames.Count), ct, async (i, token) => prepared[i] = await PrepareAsync(features, frames[i], token));
            var readable = prepared.OfType<PreparedFrame>().ToList();
            if (readable.Count == 0) continue;
            var extracted = features.Extract(readable);
            result.Add((entry, new MilBag(entry.ExaminationId.ToString("D"), [.. extracted.Select(f => f.Pooled)], entry.Positive), extracted));
        }
        return result;
    }

    private async Task<PreparedFrame?> PrepareAsync(ResNet18Features features, ImageView view, CancellationToken ct)
    {
        await using var stream = files.OpenRead(view.Sha256);
        if (stream is null) return null;
        try
        {
            using var image = await Image.LoadAsync<Rgb24>(stream, ct);
            return features.Preparer.Prepare(image, view.Id.ToString("D"));
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Examinations scored by their highest frame logit: AUC over every centre and per centre (null with one class).</summary>
    private static (double? Overall, IReadOnlyList<MilCentreAuc> Centres) Validate(
        IReadOnlyList<(MilBagEntry Entry, MilBag Bag, IReadOnlyList<FrameFeatures> Frames)> bags,
        Func<(MilBagEntry Entry, MilBag Bag, IReadOnlyList<FrameFeatures> Frames), float[]> logits)
    {
        var scored = bags.Select(b => (b.Entry.Centre, Case: new ScoredCase(Sigmoid(logits(b).Max()), b.Bag.Positive))).ToList();
        var centres = scored.GroupBy(s => s.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MilCentreAuc(g.Key, g.Count(), g.Count(s => s.Case.Adenoma), BiopsyMetrics.Auc([.. g.Select(s => s.Case)]))).ToList();
        return (BiopsyMetrics.Auc([.. scored.Select(s => s.Case)]), centres);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The served ONNX against TorchSharp on the same frames: the largest difference of a frame logit.</summary>
    private static double Check(MilNetwork network, MilScorer scorer,
        IReadOnlyList<(MilBagEntry Entry, MilBag Bag, IReadOnlyList<FrameFeatures> Frames)> bags)
    {
        var frames = bags.SelectMany(b => b.Frames).ToList();
        var torch = network.InstanceLogits([.. frames.SelectMany(f => f.Pooled)], frames.Count);
        var onnx = scorer.Score(frames);
        var diff = frames.Select((_, i) => Math.Abs(torch[i] - onnx[i].Logit)).DefaultIfEmpty(0).Max();
        if (diff > OnnxTolerance)
            throw new InvalidOperationException($"The exported frame scorer differs from the trained one by {diff:G3} on a frame logit (allowed {OnnxTolerance}).");
        return diff;
    }

    private async Task CompleteAsync(TrainingRunView run, MilConfiguration configuration, string version, string sha256, double maxDiff,
        IReadOnlyList<MilCentreAuc> validation, CancellationToken ct)
    {
        var modelId = StableIds.From("model", run.Id.ToString("N"));
        var now = clock.GetUtcNow();
        await Infrastructure.Ledger.ConcurrencyRetry.RunAsync(async () =>
        {
            await using var write = store.LightweightSession();
            var current = await write.LoadAsync<TrainingRunView>(run.Id, ct);
            if (current is null || current.IsOver) return true;
            write.Events.Append(run.Id, current.Version + 1,
                new MilRunCompleted(run.Id, modelId, version, sha256, maxDiff, configuration.Threshold, validation, Actor, now));
            write.Events.StartStream<ModelView>(modelId, new MilModelRegistered(modelId, version, sha256, ResNet18Features.ModelVersion,
                configuration.Threshold, run.Id, run.SplitId == Guid.Empty ? null : run.SplitId, run.BagManifestSha256!, run.LedgerPosition,
                configuration, run.LabelRule ?? "", run.Grouping ?? "", run.LabelCounts, validation, run.CodeVersion, Actor, now));
            if (configuration.PromoteWhenDone)
            {
                // Promoted in the admin's name: they asked for it with the run.
                var scorer = await write.LoadAsync<FrameScorerView>(FrameScorerView.StreamId, ct);
                ModelPromotionCommands.AppendScorerPromotion(write, scorer,
                    new FrameScorerPromoted(FrameScorerView.StreamId, modelId, version, sha256, scorer?.Current?.ModelId, run.RequestedBy, now));
            }
            await write.SaveChangesAsync(ct);
            return true;
        });
    }

    private async Task<byte[]> ReadAsync(string sha256, CancellationToken ct)
    {
        await using var stream = files.OpenRead(sha256) ?? throw new FileNotFoundException($"The run's bag manifest {sha256} is not in the file store.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
