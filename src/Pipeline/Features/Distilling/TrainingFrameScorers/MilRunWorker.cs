using EndoKED.Pipeline.Models.Torch;
using System.Text;
using EndoKED.Pipeline.Models.Biopsy.Evaluating;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Mil;
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
        var entries = MilBagPlanner.ParseManifest(Encoding.UTF8.GetString(await files.ReadVerifiedAsync(run.BagManifestSha256!, "The run's bag manifest", cancel.Token)));
        var checkpoint = Path.Combine(Path.GetDirectoryName(StudentRunWorker.CheckpointFolder(options, run.Id))!, "mil-" + run.Id.ToString("N"));

        List<(MilBagEntry Entry, MilBag Bag)> bags;
        using (var features = new ResNet18Features(resNet))
            bags = await FeaturiseAsync(entries, features, cancel.Token);
        var train = bags.Where(b => b.Entry.Part == EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting.SplitPart.Train).ToList();
        var validation = bags.Where(b => b.Entry.Part != EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting.SplitPart.Train).ToList();
        if (!train.Any(b => b.Bag.Positive) || !train.Any(b => !b.Bag.Positive))
            throw new InvalidOperationException($"After skipping unreadable frames the training part holds {train.Count(b => b.Bag.Positive)} polyp and " +
                $"{train.Count(b => !b.Bag.Positive)} polyp-free examinations: both are needed. Check the frames in the file store, or label more examinations.");
        var firstEpoch = EndoKED.Pipeline.Models.Torch.CheckpointFiles.Exists(checkpoint)
            ? EndoKED.Pipeline.Models.Torch.CheckpointFiles.Read<MilCheckpoint>(checkpoint).Epoch + 1 : 1;
        await TrainingRunFacts.AppendAsync(store, run.Id, new TrainingRunStarted(run.Id, firstEpoch, train.Count, validation.Count, 0, Actor, clock.GetUtcNow()));

        var trainingOptions = new MilTrainingOptions
        {
            Epochs = configuration.Epochs, LearningRate = configuration.LearningRate, BagsPerStep = configuration.BagsPerStep, Seed = configuration.Seed,
        };
        var (network, _) = await Task.Run(() => MilTrainer.Train([.. train.Select(b => b.Bag)], trainingOptions, checkpoint, (net, epoch) =>
        {
            var (overall, centres) = Validate(validation, b => net.InstanceLogits([.. b.Instances.SelectMany(i => i)], b.Instances.Count));
            EpochRecorder.Record(store, run.Id, cancel, epoch.Epoch, () => new MilEpochCompleted(run.Id, epoch.Epoch, epoch.Epochs, epoch.TrainLoss,
                overall, centres, epoch.Seconds, Actor, clock.GetUtcNow()));
        }, cancel.Token));
        using (network)
        {
            var (model, version) = MilModelStore.Export(network.Weights());
            using var scorer = new MilScorer(model, new MilModelMetadata(version, ResNet18Features.ModelVersion, configuration.Threshold,
                clock.GetUtcNow(), 0, 0, double.NaN), new OnnxRuntimeOptions { PreferCuda = false });
            var maxDiff = Check(network, scorer, [.. validation.Concat(train).Take(16).Select(b => b.Bag)]);
            var (_, served) = Validate(validation, b => [.. scorer.Score(ConstantMaps(b)).Select(s => (float)s.Logit)]);
            var stored = await files.PutAsync(model, cancel.Token);
            await CompleteAsync(run, configuration, version, stored.Sha256, maxDiff, served, cancel.Token);
        }
    }

    /// <summary>Frames are featurised this many at a time, across examinations (ResNet-18 batches stay full).</summary>
    private const int Chunk = 64;

    /// <summary>
    /// Frames decoded from the file store and featurised in chunks across examinations; each bag keeps its frames'
    /// pooled features only (2 KB a frame), enough to train, validate and check the export.
    /// </summary>
    private async Task<List<(MilBagEntry Entry, MilBag Bag)>> FeaturiseAsync(IReadOnlyList<MilBagEntry> entries, ResNet18Features features, CancellationToken ct)
    {
        Dictionary<Guid, ExaminationView> exams;
        Dictionary<Guid, ImageView> images;
        await using (var session = store.QuerySession())
        {
            exams = (await session.LoadManyAsync<ExaminationView>(ct, entries.Select(e => e.ExaminationId))).ToDictionary(e => e.Id);
            images = (await session.LoadManyAsync<ImageView>(ct, exams.Values.SelectMany(e => e.ImageIds).Distinct())).ToDictionary(i => i.Id);
        }
        var frames = entries.SelectMany((entry, bag) => exams.TryGetValue(entry.ExaminationId, out var exam)
            ? exam.ImageIds.Select(images.GetValueOrDefault).OfType<ImageView>().OrderBy(i => i.Ordinal).Select(i => (Bag: bag, Image: i))
            : []).ToList();
        var pooled = entries.Select(_ => new List<float[]>()).ToList();
        foreach (var chunk in frames.Chunk(Chunk))
        {
            ct.ThrowIfCancellationRequested();
            var prepared = new PreparedFrame?[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), ct, async (i, token) => prepared[i] = await PrepareAsync(features, chunk[i].Image, token));
            var readable = Enumerable.Range(0, chunk.Length).Where(i => prepared[i] is not null).ToList();
            var extracted = features.Extract([.. readable.Select(i => prepared[i]!)]);
            for (var k = 0; k < readable.Count; k++) pooled[chunk[readable[k]].Bag].Add(extracted[k].Pooled);
        }
        // An examination none of whose frames decodes is left out.
        return [.. entries.Select((entry, i) => (entry, pooled[i])).Where(x => x.Item2.Count > 0)
            .Select(x => (x.entry, new MilBag(x.entry.ExaminationId.ToString("D"), x.Item2, x.entry.Positive)))];
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
        IReadOnlyList<(MilBagEntry Entry, MilBag Bag)> bags, Func<MilBag, float[]> logits)
    {
        var scored = bags.Select(b => (b.Entry.Centre, Case: new ScoredCase(Sigmoid(logits(b.Bag).Max()), b.Bag.Positive))).ToList();
        var centres = scored.GroupBy(s => s.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MilCentreAuc(g.Key, g.Count(), g.Count(s => s.Case.Adenoma), BiopsyMetrics.Auc([.. g.Select(s => s.Case)]))).ToList();
        return (BiopsyMetrics.Auc([.. scored.Select(s => s.Case)]), centres);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// Each frame as a feature map holding its pooled features in every cell: global average pooling gives the pooled
    /// vector back, so the ONNX head's probability is the served one, and every CAM cell must equal the frame logit.
    /// </summary>
    private static List<FrameFeatures> ConstantMaps(MilBag bag) => [.. bag.Instances.Select(pooled =>
    {
        var map = new float[FrameFeatures.Channels * FrameFeatures.MapCells];
        for (var c = 0; c < FrameFeatures.Channels; c++) Array.Fill(map, pooled[c], c * FrameFeatures.MapCells, FrameFeatures.MapCells);
        return new FrameFeatures(bag.Id, 0, 0, pooled, map);
    })];

    /// <summary>The served ONNX against TorchSharp on the same frames: the largest difference of a frame logit or a CAM cell.</summary>
    private static double Check(MilNetwork network, MilScorer scorer, IReadOnlyList<MilBag> bags)
    {
        var diff = 0.0;
        foreach (var bag in bags)
        {
            var torch = network.InstanceLogits([.. bag.Instances.SelectMany(i => i)], bag.Instances.Count);
            var onnx = scorer.Score(ConstantMaps(bag));
            for (var i = 0; i < torch.Length; i++)
                diff = Math.Max(diff, Math.Max(Math.Abs(torch[i] - onnx[i].Logit), onnx[i].Cam.Max(c => Math.Abs(c - torch[i]))));
        }
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
}
