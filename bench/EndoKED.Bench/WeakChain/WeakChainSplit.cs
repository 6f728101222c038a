using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.TestSupport;

namespace EndoKED.Bench.WeakChain;

/// <summary>
/// The tests' sequence split (<see cref="SequenceBags"/>, shared with the frame-label tests): CVC-ClinicDB frames up to
/// <see cref="SequenceBags.TrainUpTo"/> train the MIL head as examination bags, frames from
/// <see cref="SequenceBags.HeldOutFrom"/> on are held out with the polyp-free crops cut from them and four colitis frames.
/// </summary>
internal static class WeakChainSplit
{
    public sealed record HeldOut(IReadOnlyList<PolypsManifestEntry> Polyp, IReadOnlyList<PolypsManifestEntry> PolypFree);

    public static HeldOut HeldOutFrames(IReadOnlyList<PolypsManifestEntry> entries) =>
        new(SequenceBags.HeldOutPolyp(entries), SequenceBags.HeldOutPolypFree(entries));

    /// <summary>Trains the MIL head on the training bags and saves it (with its .json) as <paramref name="modelPath"/>.</summary>
    public static (int PositiveBags, int NegativeBags) TrainMil(IReadOnlyList<PolypsManifestEntry> entries, string polypsDir,
        ResNet18Features features, string modelPath)
    {
        var clinic = SequenceBags.TrainingPolyp(entries);
        var whole = entries.Where(e => e.Dataset is "cvc-clinicdb" or "neg-clinicdb-crops" or "neg-hyperkvasir-uc").ToList();
        var prepared = new PreparedFrame[whole.Count];
        Parallel.For(0, whole.Count, i => prepared[i] = features.Preparer.TryPrepare(Path.Combine(polypsDir, whole[i].Image), out var error)
            ?? throw new InvalidDataException($"{whole[i].Image}: {error}"));
        var pooled = features.Extract(prepared).Select(f => f.Pooled).ToList();
        var byImage = whole.Select((e, i) => (e.Image, pooled[i])).ToDictionary(x => x.Image, x => x.Item2);

        var quadrants = new (PreparedFrame Quadrant, bool HasPolyp)[clinic.Count][];
        Parallel.For(0, clinic.Count, i => quadrants[i] = [.. SequenceBags.Quadrants(clinic[i], polypsDir, features.Preparer)]);
        var flat = quadrants.SelectMany((q, i) => q.Select(x => (Parent: clinic[i].Image, x.Quadrant, x.HasPolyp))).ToList();
        var quadrantPooled = features.Extract([.. flat.Select(q => q.Quadrant)]).Select(f => f.Pooled).ToList();
        var quadrantsOf = flat.Select((q, i) => (q.Parent, q.HasPolyp, Pooled: quadrantPooled[i])).ToLookup(q => q.Parent);

        var bags = SequenceBags.Bags(entries, e => byImage[e.Image], e => quadrantsOf[e.Image].Select(q => (q.Pooled, q.HasPolyp)));
        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions());
        using var _ = network;
        var (positive, negative) = (bags.Count(b => b.Positive), bags.Count(b => !b.Positive));
        MilModelStore.Save(modelPath, network.Weights(), 0.5, positive, negative, loss);
        return (positive, negative);
    }
}
