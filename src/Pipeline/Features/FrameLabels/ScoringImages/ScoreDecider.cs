using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>Pure: one frame's pseudo-label → its ImageScored and ImageLocalised events.</summary>
public static class ScoreDecider
{
    public static IReadOnlyList<object> Decide(ImageView image, FramePseudoLabel label, string rule, DateTimeOffset now)
    {
        var box = label.Box.Box is { } b ? new FrameBox(b.X0, b.Y0, b.X1, b.Y1) : null;
        var seed = box is null && label.Box is { Seed: { } region, Candidate: { } c }
            ? new CamSeed(new FrameBox(c.X0, c.Y0, c.X1, c.Y1), region.ToEventMask(), label.BoxOptions.SeedMinQuality, label.BoxOptions.MaxAreaFraction)
            : null;
        return
        [
            new ImageScored(image.Id, image.ExaminationId, image.CentreId, MilModelStore.Family, label.MilVersion,
                label.Probability ?? 0, label.MilVersion, now),
            new ImageLocalised(image.Id, image.ExaminationId, image.CentreId, box,
                box is null ? label.Box.Rejection.ToString() : null, box is null ? label.Box.Reason : null, rule, label.MilVersion, now, seed),
        ];
    }
}
