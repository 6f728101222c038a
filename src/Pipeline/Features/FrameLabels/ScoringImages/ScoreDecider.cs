using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>Pure: one frame's pseudo-label → its ImageScored and ImageLocalised events.</summary>
public static class ScoreDecider
{
    public static IReadOnlyList<object> Decide(ImageView image, FramePseudoLabel label, string rule, DateTimeOffset now)
    {
        var box = label.Box.Box is { } b ? new FrameBox(b.X0, b.Y0, b.X1, b.Y1) : null;
        return
        [
            new ImageScored(image.Id, image.ExaminationId, image.CentreId, MilModelStore.Family, label.MilVersion,
                label.Probability ?? 0, label.MilVersion, now),
            new ImageLocalised(image.Id, image.ExaminationId, image.CentreId, box,
                box is null ? label.Box.Rejection.ToString() : null, box is null ? label.Box.Reason : null, rule, label.MilVersion, now),
        ];
    }
}
