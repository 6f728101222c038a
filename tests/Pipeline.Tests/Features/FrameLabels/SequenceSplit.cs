using EndoKED.Pipeline.Models.Mil;
using EndoKED.TestSupport;
using Frame = EndoKED.Pipeline.Tests.Features.FrameLabels.PolypFeaturesFixture.Frame;
using Quadrant = EndoKED.Pipeline.Tests.Features.FrameLabels.PolypFeaturesFixture.Quadrant;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>The frame-label tests' bags and held-out frames: <see cref="SequenceBags"/> (shared with the weak-chain bench) on loaded frames.</summary>
public sealed record SequenceSplit(IReadOnlyList<MilBag> TrainBags, IReadOnlyList<Frame> HeldOut)
{
    public const int TrainUpTo = SequenceBags.TrainUpTo;
    public const int HeldOutFrom = SequenceBags.HeldOutFrom;

    /// <summary>The training frames whose quadrants join the bags.</summary>
    public static IReadOnlyList<Frame> QuadrantSources(IReadOnlyList<Frame> frames)
    {
        var byImage = frames.ToDictionary(f => f.Entry.Image);
        return [.. SequenceBags.TrainingPolyp([.. frames.Select(f => f.Entry)]).Select(e => byImage[e.Image])];
    }

    public static SequenceSplit Build(IReadOnlyList<Frame> frames, IReadOnlyList<Quadrant> quadrants)
    {
        var entries = frames.Select(f => f.Entry).ToList();
        var byImage = frames.ToDictionary(f => f.Entry.Image);
        var quadrantsOf = quadrants.ToLookup(q => q.Parent.Entry.Image);
        var bags = SequenceBags.Bags(entries, e => byImage[e.Image].Features.Pooled,
            e => quadrantsOf[e.Image].Select(q => (q.Features.Pooled, q.HasPolyp)));
        var heldOut = SequenceBags.HeldOutPolyp(entries).Concat(SequenceBags.OtherCentres(entries)).Concat(SequenceBags.HeldOutPolypFree(entries))
            .Select(e => byImage[e.Image]).ToList();
        return new SequenceSplit(bags, heldOut);
    }
}
