using EndoKED.Pipeline.Models.Mil;
using Frame = EndoKED.Pipeline.Tests.Features.FrameLabels.PolypFeaturesFixture.Frame;
using Quadrant = EndoKED.Pipeline.Tests.Features.FrameLabels.PolypFeaturesFixture.Quadrant;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>
/// Examination bags by video order, never random frames: CVC-ClinicDB numbers run through its 29 sequences, so frames
/// up to <see cref="TrainUpTo"/> train, frames from <see cref="HeldOutFrom"/> are held out, and the gap between keeps a
/// sequence that straddles the cut out of both. Polyp-free crops follow the number of the frame they were cut from;
/// the other centres (CVC-ColonDB, CVC-300) are held out whole.
/// The shared data has no polyp-free whole frames from the CVC endoscope, and with only crops and another centre's
/// frames as negatives a head learns "whole CVC frame or not" (measured: crop AUC 0.04). So examinations also show
/// quadrants of their frames: a positive bag holds its frames and their quadrants (which quadrant shows the polyp is
/// not told), and negative bags add the quadrants that show no polyp pixel, standing in for an examination's
/// polyp-free frames. Masks choose those negatives only; positive bags never see a mask.
/// </summary>
public sealed record SequenceSplit(IReadOnlyList<MilBag> TrainBags, IReadOnlyList<Frame> HeldOut)
{
    public const int TrainUpTo = 420;
    public const int HeldOutFrom = 460;
    public const int BagSize = 6;
    public const int CropsPerMixedBag = 2;
    public const int QuadrantEvery = 1;

    private static bool Train(Frame f) => f.Entry.FileNumber <= TrainUpTo;
    private static bool Test(Frame f) => f.Entry.FileNumber >= HeldOutFrom;

    /// <summary>The training frames whose quadrants join the bags (every second one keeps the test run short).</summary>
    public static IReadOnlyList<Frame> QuadrantSources(IReadOnlyList<Frame> frames) =>
        [.. frames.Where(f => f.Entry.Dataset == "cvc-clinicdb" && Train(f)).Where((_, i) => i % QuadrantEvery == 0)];

    public static SequenceSplit Build(IReadOnlyList<Frame> frames, IReadOnlyList<Quadrant> quadrants)
    {
        var clinic = frames.Where(f => f.Entry.Dataset == "cvc-clinicdb").ToList();
        var crops = frames.Where(f => f.Entry.Dataset == "neg-clinicdb-crops").ToList();
        var colitis = frames.Where(f => f.Entry.Dataset == "neg-hyperkvasir-uc").ToList();
        var otherCentres = frames.Where(f => f.Entry.Dataset is "cvc-colondb" or "cvc-300").ToList();
        var quadrantsOf = quadrants.ToLookup(q => q.Parent.ImagePath);

        var trainCrops = new Queue<Frame>(crops.Where(Train));
        var bags = new List<MilBag>();
        var positiveBlocks = clinic.Where(Train).Chunk(BagSize).ToList();
        for (var b = 0; b < positiveBlocks.Count; b++)
        {
            var members = positiveBlocks[b].Select(m => m.Features.Pooled).ToList();
            members.AddRange(positiveBlocks[b].SelectMany(m => quadrantsOf[m.ImagePath]).Select(q => q.Features.Pooled));
            if (b % 2 == 1)
                members.AddRange(Enumerable.Range(0, CropsPerMixedBag).Select(_ => trainCrops.Dequeue().Features.Pooled));
            bags.Add(new MilBag($"pos-{b}", members, Positive: true));
        }
        var negatives = trainCrops.Select(f => f.Features.Pooled)
            .Concat(colitis.Take(colitis.Count - 4).Select(f => f.Features.Pooled))
            .Concat(quadrants.Where(q => !q.HasPolyp).Select(q => q.Features.Pooled))
            .Chunk(BagSize).ToList();
        for (var b = 0; b < negatives.Count; b++)
            bags.Add(new MilBag($"neg-{b}", negatives[b], Positive: false));

        var heldOut = clinic.Where(Test).Concat(otherCentres).Concat(crops.Where(Test)).Concat(colitis.TakeLast(4)).ToList();
        return new SequenceSplit(bags, heldOut);
    }
}
