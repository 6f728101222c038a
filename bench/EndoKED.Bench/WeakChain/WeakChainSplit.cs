using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.ResNet18;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EndoKED.Bench.WeakChain;

/// <summary>
/// The bench's copy of the tests' sequence split (tests/Pipeline.Tests/Features/FrameLabels/SequenceSplit.cs, same
/// cut and bag rules): CVC-ClinicDB frames up to 420 train the MIL head as examination bags (a positive bag holds six
/// frames in video order and their four quadrants, every second one two polyp-free crops; negative bags hold the
/// training crops, the colitis frames but four, and the quadrants that show no polyp pixel), frames from 460 on are held
/// out. Masks only choose the negative quadrants; no positive bag sees a mask.
/// </summary>
internal static class WeakChainSplit
{
    public const int TrainUpTo = 420;
    public const int HeldOutFrom = 460;
    private const int BagSize = 6;
    private const int CropsPerMixedBag = 2;

    public sealed record HeldOut(IReadOnlyList<PolypsManifestEntry> Polyp, IReadOnlyList<PolypsManifestEntry> PolypFree);

    public static HeldOut HeldOutFrames(IReadOnlyList<PolypsManifestEntry> entries) => new(
        [.. entries.Where(e => e.Dataset == "cvc-clinicdb" && e.FileNumber >= HeldOutFrom)],
        [.. entries.Where(e => e.Dataset == "neg-clinicdb-crops" && e.FileNumber >= HeldOutFrom)
            .Concat(entries.Where(e => e.Dataset == "neg-hyperkvasir-uc").TakeLast(4))]);

    /// <summary>Trains the MIL head on the training bags and saves it (with its .json) as <paramref name="modelPath"/>.</summary>
    public static (int PositiveBags, int NegativeBags) TrainMil(IReadOnlyList<PolypsManifestEntry> entries, string polypsDir,
        ResNet18Features features, string modelPath)
    {
        var clinic = entries.Where(e => e.Dataset == "cvc-clinicdb" && e.FileNumber <= TrainUpTo).ToList();
        var crops = entries.Where(e => e.Dataset == "neg-clinicdb-crops" && e.FileNumber <= TrainUpTo).ToList();
        var colitis = entries.Where(e => e.Dataset == "neg-hyperkvasir-uc").ToList();
        colitis = colitis.Take(colitis.Count - 4).ToList();

        var whole = clinic.Concat(crops).Concat(colitis).ToList();
        var prepared = new PreparedFrame[whole.Count];
        Parallel.For(0, whole.Count, i => prepared[i] = features.Preparer.TryPrepare(Path.Combine(polypsDir, whole[i].Image), out var error)
            ?? throw new InvalidDataException($"{whole[i].Image}: {error}"));
        var pooled = features.Extract(prepared).Select(f => f.Pooled).ToList();
        var byImage = whole.Select((e, i) => (e.Image, pooled[i])).ToDictionary(x => x.Image, x => x.Item2);

        var quadrants = new (PreparedFrame Quadrant, bool HasPolyp)[clinic.Count][];
        Parallel.For(0, clinic.Count, i => quadrants[i] = Quadrants(clinic[i], polypsDir, features.Preparer));
        var flat = quadrants.SelectMany((q, i) => q.Select(x => (Parent: clinic[i].Image, x.Quadrant, x.HasPolyp))).ToList();
        var quadrantPooled = features.Extract([.. flat.Select(q => q.Quadrant)]).Select(f => f.Pooled).ToList();
        var quadrantsOf = flat.Select((q, i) => (q.Parent, q.HasPolyp, Pooled: quadrantPooled[i])).ToLookup(q => q.Parent);

        var trainCrops = new Queue<PolypsManifestEntry>(crops);
        var bags = new List<MilBag>();
        var blocks = clinic.Chunk(BagSize).ToList();
        for (var b = 0; b < blocks.Count; b++)
        {
            var members = blocks[b].Select(m => byImage[m.Image]).ToList();
            members.AddRange(blocks[b].SelectMany(m => quadrantsOf[m.Image]).Select(q => q.Pooled));
            if (b % 2 == 1)
                members.AddRange(Enumerable.Range(0, CropsPerMixedBag).Select(_ => byImage[trainCrops.Dequeue().Image]));
            bags.Add(new MilBag($"pos-{b}", members, Positive: true));
        }
        var negatives = trainCrops.Select(e => byImage[e.Image])
            .Concat(colitis.Select(e => byImage[e.Image]))
            .Concat(flat.Select((q, i) => (q.HasPolyp, Pooled: quadrantPooled[i])).Where(q => !q.HasPolyp).Select(q => q.Pooled))
            .Chunk(BagSize).ToList();
        for (var b = 0; b < negatives.Count; b++)
            bags.Add(new MilBag($"neg-{b}", negatives[b], Positive: false));

        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions());
        using var _ = network;
        var (positive, negative) = (bags.Count(b => b.Positive), bags.Count(b => !b.Positive));
        MilModelStore.Save(modelPath, network.Weights(), 0.5, positive, negative, loss);
        return (positive, negative);
    }

    /// <summary>The four quadrants of a frame, each flagged by whether its expert mask shows a polyp pixel there.</summary>
    private static (PreparedFrame Quadrant, bool HasPolyp)[] Quadrants(PolypsManifestEntry e, string polypsDir, FramePreparer preparer)
    {
        var mask = new FrameLoader().LoadMask(Path.Combine(polypsDir, e.Mask!)).Mask
            ?? throw new InvalidDataException($"{e.Mask}: unreadable mask");
        var path = Path.Combine(polypsDir, e.Image);
        using var image = Image.Load<Rgb24>(path);
        var (w, h) = (image.Width, image.Height);
        var (cw, ch) = (w / 2, h / 2);
        return [.. new[] { (0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch) }.Select(c =>
        {
            var r = new Rectangle(c.Item1, c.Item2, cw, ch);
            using var crop = image.Clone(x => x.Crop(r));
            var any = false;
            for (var y = r.Top; y < r.Bottom && !any; y++)
                for (var x = r.Left; x < r.Right && !any; x++)
                    any = mask[x, y];
            return (preparer.Prepare(crop, $"{path}#{c.Item1},{c.Item2}"), any);
        })];
    }
}
