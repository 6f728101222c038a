using System.Diagnostics;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Mil;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>ResNet-18 features of every manifest frame, extracted once per test run (about half a minute on 2 cores).</summary>
public sealed class PolypFeaturesFixture
{
    private readonly Lazy<Loaded> _loaded;

    private readonly Lazy<Trained> _trained;

    public PolypFeaturesFixture()
    {
        _loaded = new Lazy<Loaded>(Load);
        _trained = new Lazy<Trained>(() => Train(_loaded.Value));
    }

    /// <summary>A MIL head trained on the sequence split, saved to disk and loaded back as the pipeline would.</summary>
    public sealed record Trained(SequenceSplit Split, string ModelPath, MilScorer Scorer, double Seconds);

    public Trained GetTrained()
    {
        Get();
        return _trained.Value;
    }

    private static Trained Train(Loaded loaded)
    {
        var watch = Stopwatch.StartNew();
        var split = SequenceSplit.Build(loaded.Frames, loaded.Quadrants);
        var (network, loss) = MilTrainer.Train(split.TrainBags, new MilTrainingOptions());
        using var _ = network;
        var path = Path.Combine(TestPaths.NewTempDir("mil-polyps"), "mil-head.onnx");
        MilModelStore.Save(path, network.Weights(), threshold: 0.5,
            split.TrainBags.Count(b => b.Positive), split.TrainBags.Count(b => !b.Positive), loss);
        var scorer = new MilScorer(path, new OnnxRuntimeOptions { PreferCuda = false });
        return new Trained(split, path, scorer, watch.Elapsed.TotalSeconds);
    }

    public sealed record Frame(PolypsManifestEntry Entry, FrameFeatures Features, string ImagePath);
    /// <summary>A quadrant of a training frame: the stand-in for the polyp-free frames of real examinations.</summary>
    public sealed record Quadrant(Frame Parent, FrameFeatures Features, bool HasPolyp);

    public sealed record Loaded(string PolypsDir, IReadOnlyList<Frame> Frames, IReadOnlyList<Quadrant> Quadrants, double Seconds);

    /// <summary>Skips the calling test when the shared data is absent; loads on first use.</summary>
    public Loaded Get()
    {
        TestPaths.RequirePolypsData();
        return _loaded.Value;
    }

    private static Loaded Load()
    {
        var dir = TestPaths.PolypsData!;
        var entries = PolypsManifest.Read(dir);
        var watch = Stopwatch.StartNew();
        var prepared = new PreparedFrame?[entries.Count];
        Parallel.For(0, entries.Count, i => prepared[i] = SharedResNet.Instance.Preparer.TryPrepare(Path.Combine(dir, entries[i].Image), out _));
        var missing = Enumerable.Range(0, entries.Count).Where(i => prepared[i] is null).Select(i => entries[i].Image).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException("Unreadable frames: " + string.Join(", ", missing));
        var features = SharedResNet.Instance.Extract([.. prepared.Select(p => p!)]);
        var frames = entries.Select((e, i) => new Frame(e, features[i], Path.Combine(dir, e.Image))).ToList();
        var parents = SequenceSplit.QuadrantSources(frames);
        var quadrants = new (PreparedFrame Quadrant, bool HasPolyp)[parents.Count][];
        Parallel.For(0, parents.Count, i => quadrants[i] = [.. SequenceBags.Quadrants(parents[i].Entry, dir, SharedResNet.Instance.Preparer)]);
        var flat = parents.SelectMany((p, i) => quadrants[i].Select(q => (Parent: p, q.Quadrant, q.HasPolyp))).ToList();
        var quadrantFeatures = SharedResNet.Instance.Extract([.. flat.Select(q => q.Quadrant)]);
        var list = flat.Select((q, i) => new Quadrant(q.Parent, quadrantFeatures[i], q.HasPolyp)).ToList();
        return new Loaded(dir, frames, list, watch.Elapsed.TotalSeconds);
    }
}

[CollectionDefinition(Name)]
public sealed class PolypDataCollection : ICollectionFixture<PolypFeaturesFixture>
{
    public const string Name = "polyp frames (shared data)";
}
