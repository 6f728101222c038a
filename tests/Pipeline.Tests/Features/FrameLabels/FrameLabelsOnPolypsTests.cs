using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

[Collection(PolypDataCollection.Name)]
public sealed class FrameLabelsOnPolypsTests(PolypFeaturesFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Frame_probabilities_separate_held_out_polyp_frames_from_polyp_free_ones_with_auc_of_at_least_0_90()
    {
        var trained = fixture.GetTrained();
        var held = trained.Split.HeldOut;
        var scores = trained.Scorer.Score([.. held.Select(f => f.Features)]);
        var positives = held.Select((f, i) => (f, i)).Where(x => x.f.Entry.IsPolyp).Select(x => scores[x.i].Probability).ToList();
        var negatives = held.Select((f, i) => (f, i)).Where(x => !x.f.Entry.IsPolyp).Select(x => scores[x.i].Probability).ToList();

        var auc = FrameMetrics.Auc(positives, negatives);

        output.WriteLine($"features: {fixture.Get().Frames.Count} frames in {fixture.Get().Seconds:F1} s; MIL training {trained.Seconds:F1} s");
        output.WriteLine($"train bags: {trained.Split.TrainBags.Count(b => b.Positive)} positive, {trained.Split.TrainBags.Count(b => !b.Positive)} negative");
        output.WriteLine($"held out: {positives.Count} polyp frames, {negatives.Count} polyp-free; frame AUC {auc:F3}");
        foreach (var group in held.Select((f, i) => (f, i)).GroupBy(x => x.f.Entry.Dataset))
            output.WriteLine($"  {group.Key}: mean probability {group.Average(x => scores[x.i].Probability):F3}, n={group.Count()}");
        Assert.True(auc >= 0.90, $"frame AUC {auc:F3} < 0.90");
    }

    [SkippableFact]
    public void Cam_boxes_on_held_out_polyp_frames_land_on_the_expert_masks()
    {
        var trained = fixture.GetTrained();
        var polyps = trained.Split.HeldOut.Where(f => f.Entry.IsPolyp).ToList();
        var labeler = new FramePseudoLabeler(SharedResNet.Instance, trained.Scorer, new CamLocaliser(new BoxFilterOptions()));
        var labels = labeler.LabelFeatures([.. polyps.Select(f => f.Features)]);

        var (kept, keptOverlap, keptCentre, candidates, candidateOverlap, candidateCentre) = (0, 0, 0, 0, 0, 0);
        for (var i = 0; i < polyps.Count; i++)
        {
            var mask = FrameMetrics.ReadMask(Path.Combine(fixture.Get().PolypsDir, polyps[i].Entry.Mask!), out var w, out var h);
            Assert.Equal((polyps[i].Features.Width, polyps[i].Features.Height), (w, h));
            if (labels[i].Box.Candidate is { } candidate)
            {
                candidates++;
                candidateOverlap += FrameMetrics.Overlaps(candidate, mask, w) ? 1 : 0;
                candidateCentre += FrameMetrics.CentreInside(candidate, mask, w) ? 1 : 0;
            }
            if (labels[i].Box.Box is { } box)
            {
                kept++;
                keptOverlap += FrameMetrics.Overlaps(box, mask, w) ? 1 : 0;
                keptCentre += FrameMetrics.CentreInside(box, mask, w) ? 1 : 0;
            }
        }

        output.WriteLine($"held-out polyp frames: {polyps.Count}; boxes kept: {kept}");
        output.WriteLine($"kept boxes: overlap hit {Rate(keptOverlap, kept)}, centre hit {Rate(keptCentre, kept)}");
        output.WriteLine($"all candidates (before the filter): overlap hit {Rate(candidateOverlap, candidates)}, centre hit {Rate(candidateCentre, candidates)}");
        output.WriteLine($"over all polyp frames (no kept box = miss): overlap {Rate(keptOverlap, polyps.Count)}, centre {Rate(keptCentre, polyps.Count)}");
        foreach (var reason in labels.GroupBy(l => l.Box.Rejection).OrderBy(g => g.Key))
            output.WriteLine($"  {reason.Key}: {reason.Count()}");
        Assert.True(kept > 0, "no box survived the filter");
        Assert.True(keptOverlap >= 0.8 * kept, $"only {keptOverlap}/{kept} kept boxes overlap the expert mask");
        Assert.True(candidateCentre >= 0.4 * candidates, $"only {candidateCentre}/{candidates} box centres fall in the mask");
    }

    [SkippableFact]
    public void The_pseudo_labeler_reads_frames_from_disk_names_its_models_and_refuses_unreadable_files()
    {
        var trained = fixture.GetTrained();
        var frames = trained.Split.HeldOut.Where((_, i) => i % 20 == 0).ToList();
        var broken = Path.Combine(TestPaths.NewTempDir("pseudo-label"), "broken.jpg");
        File.WriteAllBytes(broken, [0xFF, 0xD8, 0x00]);
        var labeler = new FramePseudoLabeler(SharedResNet.Instance, trained.Scorer, new CamLocaliser(new BoxFilterOptions()));

        var labels = labeler.Label([.. frames.Select(f => f.ImagePath), broken]);

        Assert.Equal(frames.Count + 1, labels.Count);
        var cached = labeler.LabelFeatures([.. frames.Select(f => f.Features)]);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].ImagePath, labels[i].Source);
            Assert.Equal(cached[i].Probability!.Value, labels[i].Probability!.Value, 1e-4);
            Assert.Equal(cached[i].Box.Rejection, labels[i].Box.Rejection);
            Assert.Equal(labels[i].IsPolyp, labels[i].Box.Rejection != BoxRejection.BelowProbabilityThreshold);
            Assert.Equal(trained.Scorer.Version, labels[i].MilVersion);
            Assert.Equal(SharedResNet.Instance.Version, labels[i].FeatureExtractorVersion);
        }
        Assert.Null(labels[^1].Probability);
        Assert.Equal(BoxRejection.Unreadable, labels[^1].Box.Rejection);
    }

    [SkippableFact]
    public void Polyp_crops_outrank_polyp_free_crops_cut_from_the_same_held_out_frames()
    {
        // The shipped negatives are crops and another centre's frames, so frame AUC could ride on "crop or not".
        // Here both classes are crops of the same held-out CVC-ClinicDB frames: around the expert mask, or beside it.
        var trained = fixture.GetTrained();
        var dir = TestPaths.NewTempDir("crops");
        var crops = PolypCrops.Cut(trained.Split.HeldOut.Where(f => f.Entry.Dataset == "cvc-clinicdb").ToList(), fixture.Get().PolypsDir, dir);
        var prepared = crops.Select(c => SharedResNet.Instance.Preparer.TryPrepare(c.Path, out _)!).ToList();
        var scores = trained.Scorer.Score(SharedResNet.Instance.Extract(prepared));

        var positives = scores.Where((_, i) => crops[i].HasPolyp).Select(s => s.Probability).ToList();
        var negatives = scores.Where((_, i) => !crops[i].HasPolyp).Select(s => s.Probability).ToList();
        var auc = FrameMetrics.Auc(positives, negatives);

        output.WriteLine($"same-frame crops: {positives.Count} with polyp, {negatives.Count} without; AUC {auc:F3}");
        Assert.True(positives.Count >= 20 && negatives.Count >= 20, "too few crops to judge");
        Assert.True(auc >= 0.65, $"crop AUC {auc:F3} < 0.65 (the whole-frame shortcut gave 0.04)");
    }

    private static string Rate(int hits, int of) => of == 0 ? "n/a" : $"{hits}/{of} = {100.0 * hits / of:F1} %";
}
