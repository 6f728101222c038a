using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.ResNet18;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EndoKED.TestSupport;

/// <summary>
/// Examination bags by video order, never random frames, for the frame-label tests and the weak-chain bench alike:
/// CVC-ClinicDB numbers run through its 29 sequences, so frames up to <see cref="TrainUpTo"/> train, frames from
/// <see cref="HeldOutFrom"/> are held out, and the gap between keeps a sequence that straddles the cut out of both.
/// Polyp-free crops follow the number of the frame they were cut from; the other centres (CVC-ColonDB, CVC-300) are
/// held out whole, and so are the last <see cref="HeldOutColitis"/> colitis frames.
/// The shared data has no polyp-free whole frames from the CVC endoscope, and with only crops and another centre's
/// frames as negatives a head learns "whole CVC frame or not" (measured: crop AUC 0.04). So examinations also show
/// quadrants of their frames: a positive bag holds six frames in video order and their quadrants (which quadrant shows
/// the polyp is not told), every second one also two polyp-free crops; negative bags hold the other training crops, the
/// training colitis frames and the quadrants that show no polyp pixel, standing in for an examination's polyp-free
/// frames. Masks choose those negatives only; positive bags never see a mask.
/// </summary>
public static class SequenceBags
{
    public const int TrainUpTo = 420;
    public const int HeldOutFrom = 460;
    public const int BagSize = 6;
    public const int CropsPerMixedBag = 2;
    public const int HeldOutColitis = 4;

    private const string Clinic = "cvc-clinicdb";
    private const string Crops = "neg-clinicdb-crops";
    private const string Colitis = "neg-hyperkvasir-uc";

    private static bool Trains(PolypsManifestEntry e) => e.FileNumber <= TrainUpTo;
    private static bool IsHeldOut(PolypsManifestEntry e) => e.FileNumber >= HeldOutFrom;

    /// <summary>The CVC-ClinicDB frames that train, in video order (their quadrants join the bags).</summary>
    public static IReadOnlyList<PolypsManifestEntry> TrainingPolyp(IReadOnlyList<PolypsManifestEntry> entries) =>
        [.. entries.Where(e => e.Dataset == Clinic && Trains(e))];

    /// <summary>The held-out CVC-ClinicDB polyp frames, in video order.</summary>
    public static IReadOnlyList<PolypsManifestEntry> HeldOutPolyp(IReadOnlyList<PolypsManifestEntry> entries) =>
        [.. entries.Where(e => e.Dataset == Clinic && IsHeldOut(e))];

    /// <summary>The held-out polyp-free frames: the crops cut from held-out frames, then the last colitis frames.</summary>
    public static IReadOnlyList<PolypsManifestEntry> HeldOutPolypFree(IReadOnlyList<PolypsManifestEntry> entries) =>
        [.. entries.Where(e => e.Dataset == Crops && IsHeldOut(e)).Concat(entries.Where(e => e.Dataset == Colitis).TakeLast(HeldOutColitis))];

    /// <summary>The other centres' frames (CVC-ColonDB, CVC-300), held out whole.</summary>
    public static IReadOnlyList<PolypsManifestEntry> OtherCentres(IReadOnlyList<PolypsManifestEntry> entries) =>
        [.. entries.Where(e => e.Dataset is "cvc-colondb" or "cvc-300")];

    /// <summary>
    /// The training bags, from the pooled features of each training frame (polyp frames, crops and colitis frames) and
    /// of each training polyp frame's quadrants.
    /// </summary>
    public static List<MilBag> Bags(IReadOnlyList<PolypsManifestEntry> entries, Func<PolypsManifestEntry, float[]> pooled,
        Func<PolypsManifestEntry, IEnumerable<(float[] Pooled, bool HasPolyp)>> quadrants)
    {
        var clinic = TrainingPolyp(entries);
        var colitis = entries.Where(e => e.Dataset == Colitis).ToList();
        var trainCrops = new Queue<PolypsManifestEntry>(entries.Where(e => e.Dataset == Crops && Trains(e)));
        var quadrantsOf = clinic.ToDictionary(e => e.Image, e => quadrants(e).ToList());

        var bags = new List<MilBag>();
        var blocks = clinic.Chunk(BagSize).ToList();
        for (var b = 0; b < blocks.Count; b++)
        {
            var members = blocks[b].Select(pooled).ToList();
            members.AddRange(blocks[b].SelectMany(m => quadrantsOf[m.Image]).Select(q => q.Pooled));
            if (b % 2 == 1)
                members.AddRange(Enumerable.Range(0, CropsPerMixedBag).Select(_ => pooled(trainCrops.Dequeue())));
            bags.Add(new MilBag($"pos-{b}", members, Positive: true));
        }
        var negatives = trainCrops.Select(pooled)
            .Concat(colitis.Take(colitis.Count - HeldOutColitis).Select(pooled))
            .Concat(clinic.SelectMany(e => quadrantsOf[e.Image]).Where(q => !q.HasPolyp).Select(q => q.Pooled))
            .Chunk(BagSize).ToList();
        for (var b = 0; b < negatives.Count; b++)
            bags.Add(new MilBag($"neg-{b}", negatives[b], Positive: false));
        return bags;
    }

    /// <summary>The four quadrants of a frame, prepared for the network, each flagged by whether its expert mask shows a polyp pixel there (grey level above 127).</summary>
    public static IEnumerable<(PreparedFrame Quadrant, bool HasPolyp)> Quadrants(PolypsManifestEntry e, string polypsDir, FramePreparer preparer)
    {
        var path = Path.Combine(polypsDir, e.Image);
        using var mask = Image.Load<L8>(Path.Combine(polypsDir, e.Mask ?? throw new ArgumentException($"{e.Image} has no mask.", nameof(e))));
        using var image = Image.Load<Rgb24>(path);
        var (w, h) = (image.Width, image.Height);
        var (cw, ch) = (w / 2, h / 2);
        foreach (var (x, y) in new[] { (0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch) })
        {
            var r = new Rectangle(x, y, cw, ch);
            using var crop = image.Clone(c => c.Crop(r));
            yield return (preparer.Prepare(crop, $"{path}#{x},{y}"), Any(mask, r));
        }
    }

    private static bool Any(Image<L8> mask, Rectangle r)
    {
        for (var y = r.Top; y < r.Bottom; y++)
            for (var x = r.Left; x < r.Right; x++)
                if (mask[x, y].PackedValue > 127)
                    return true;
        return false;
    }
}
