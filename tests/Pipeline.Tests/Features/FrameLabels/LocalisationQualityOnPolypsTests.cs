using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Pipeline.Models.Refining;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>
/// The whole box chain on held-out frames of the sequence split, no box given: files → probability → CAM box → the
/// embedded refiner's mask, scored against the expert masks, beside a fixed centred ellipse (issue 18's measures).
/// </summary>
[Collection(PolypDataCollection.Name)]
public sealed class LocalisationQualityOnPolypsTests(PolypFeaturesFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Masks_from_cam_boxes_on_held_out_polyp_frames_overlap_the_expert_masks_and_polyp_free_frames_mostly_get_none()
    {
        var trained = fixture.GetTrained();
        var held = trained.Split.HeldOut;
        var labeler = new FramePseudoLabeler(SharedResNet.Instance, trained.Scorer, new CamLocaliser(new BoxFilterOptions()));
        var labels = labeler.Label([.. held.Select(f => f.ImagePath)]);
        var (loader, refiner) = (new FrameLoader(), new EmbeddedRefiner());

        var (all, kept, ellipse) = (new List<double>(), new List<double>(), new List<double>());
        var (negatives, negativesPolyp, negativesMasked) = (0, 0, 0);
        for (var i = 0; i < held.Count; i++)
        {
            var label = labels[i];
            if (!held[i].Entry.IsPolyp)
            {
                negatives++;
                negativesPolyp += label.IsPolyp ? 1 : 0;
                negativesMasked += label.Box.Accepted ? 1 : 0;
                continue;
            }
            var gold = loader.LoadMask(Path.Combine(fixture.Get().PolypsDir, held[i].Entry.Mask!)).Mask!;
            ellipse.Add(MaskMetrics.Compute(gold, CentredEllipse(gold.Width, gold.Height)).Dice);
            if (label.Box.Box is not { } box)
            {
                all.Add(0);
                continue;
            }
            using var frame = loader.LoadFile(held[i].ImagePath).Frame!;
            var dice = MaskMetrics.Compute(gold, refiner.Refine(frame, new Box(box.X0, box.Y0, box.X1, box.Y1), CancellationToken.None).Mask).Dice;
            all.Add(dice);
            kept.Add(dice);
        }

        output.WriteLine($"held-out polyp frames: {all.Count}; with a mask: {kept.Count} ({100.0 * kept.Count / all.Count:F1} %)");
        output.WriteLine($"Dice over all polyp frames (no mask = 0): {all.Average():F3}; centred ellipse: {ellipse.Average():F3}");
        output.WriteLine($"Dice of the masks made: {(kept.Count > 0 ? kept.Average() : double.NaN):F3}");
        output.WriteLine($"polyp-free frames: {negatives}; called polyp: {negativesPolyp}; given a mask: {negativesMasked}");
        foreach (var reason in labels.Where((_, i) => held[i].Entry.IsPolyp).GroupBy(l => l.Box.Rejection).OrderBy(g => g.Key))
            output.WriteLine($"  {reason.Key}: {reason.Count()}");
        Assert.True(kept.Count > 0, "no polyp frame got a mask");
        Assert.True(kept.Average() >= 0.4, $"masks from CAM boxes reach a mean Dice of only {kept.Average():F3}");
        Assert.True(negativesMasked <= 0.2 * negatives, $"{negativesMasked}/{negatives} polyp-free frames got a mask");
    }

    /// <summary>The fixed guess: an ellipse centred in the frame, half its width and height across.</summary>
    private static BinaryMask CentredEllipse(int width, int height)
    {
        var (cx, cy, rx, ry) = (width / 2.0, height / 2.0, width / 4.0, height / 4.0);
        return BinaryMask.FromPredicate(width, height,
            (x, y) => Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2) <= 1);
    }
}
