using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Wolverine;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels.ScoringImages;

/// <summary>ScoreImages and SegmentImage against a real ledger, on an examination made of real polyp frames.</summary>
[Collection(PolypDataCollection.Name)]
public sealed class FrameLabelStagesTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly Lazy<MilScorer> Scorer = new(TrainQuickHead);
    private static readonly FrameSegmenting Segmenting = new(new EmbeddedRefiner());

    /// <summary>A head trained on 24 polyp and 24 polyp-free frames (bags of four), as the benchmark's quick head.</summary>
    private static MilScorer TrainQuickHead()
    {
        var dir = TestPaths.PolypsData!;
        var entries = PolypsManifest.Read(dir);
        var sample = entries.Where(e => e.IsPolyp).Skip(100).Take(24).Concat(entries.Where(e => !e.IsPolyp).Take(24)).ToList();
        var features = SharedResNet.Instance.Extract([.. sample.Select(e => SharedResNet.Instance.Preparer.TryPrepare(Path.Combine(dir, e.Image), out var _)!)]);
        var bags = features.Select((f, i) => (f, i)).Chunk(4)
            .Select((c, b) => new MilBag($"b{b}", [.. c.Select(x => x.f.Pooled)], sample[c[0].i].IsPolyp)).ToList();
        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions { Epochs = 20 });
        using var trained = network;
        var path = Path.Combine(TestPaths.NewTempDir("stage-mil"), "mil.onnx");
        MilModelStore.Save(path, network.Weights(), 0.5, 6, 6, loss);
        return new MilScorer(path, new OnnxRuntimeOptions { PreferCuda = false });
    }

    private static FrameScoring Scoring() => new(SharedResNet.Instance, Scorer.Value, new BoxFilterOptions());

    /// <summary>Four polyp frames and two polyp-free ones, ingested as one examination; returns its id and the manifest rows.</summary>
    private async Task<(Guid Id, List<PolypsManifestEntry> Frames)> IngestExamAsync(string key)
    {
        var dir = TestPaths.RequirePolypsData();
        var entries = PolypsManifest.Read(dir);
        var frames = entries.Where(e => e.Dataset == "cvc-clinicdb").Take(4).Concat(entries.Where(e => !e.IsPolyp).Take(2)).ToList();
        var root = TestPaths.NewTempDir("stage-exam");
        TestFrames.ExamFolder(root, key, "A 6 mm polyp in the sigmoid colon.", null,
            [.. frames.Select((e, i) => ($"{i}.png", File.ReadAllBytes(Path.Combine(dir, e.Image))))]);
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "x-a", "test");
        return (StableIds.Examination("x-a", key), frames);
    }

    private async Task<OutgoingMessages> ScoreAsync(Guid exam, bool force = false)
    {
        await using var session = ledger.Store.LightweightSession();
        var messages = await ScoreImagesHandler.Handle(new ScoreImages(exam, "test", force), session, Scoring(), ledger.Files,
            TimeProvider.System, NullLogger<ScoreImages>.Instance, CancellationToken.None);
        await session.SaveChangesAsync();
        return messages;
    }

    private async Task SegmentAsync(SegmentImage message)
    {
        await using var session = ledger.Store.LightweightSession();
        await SegmentImageHandler.Handle(message, session, Segmenting, ledger.Files, TimeProvider.System,
            NullLogger<SegmentImage>.Instance, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task<List<ImageView>> ImagesAsync(Guid exam)
    {
        await using var query = ledger.Store.QuerySession();
        var view = (await query.LoadAsync<ExaminationView>(exam))!;
        return [.. (await query.LoadManyAsync<ImageView>(view.ImageIds)).OrderBy(i => i.Ordinal)];
    }

    [SkippableFact]
    public async Task Scoring_an_examination_records_a_probability_and_a_box_or_its_reason_per_frame_and_queues_kept_boxes()
    {
        var (exam, _) = await IngestExamAsync("stage-score");

        var cascaded = await ScoreAsync(exam);

        var images = await ImagesAsync(exam);
        Assert.Equal(6, images.Count);
        await using var query = ledger.Store.QuerySession();
        foreach (var image in images)
        {
            var events = (await query.Events.FetchStreamAsync(image.Id)).Select(e => e.Data).ToList();
            var scored = Assert.Single(events.OfType<ImageScored>());
            var localised = Assert.Single(events.OfType<ImageLocalised>());
            Assert.Equal(Scorer.Value.Version, scored.ModelVersion);
            Assert.Equal(exam, scored.ExaminationId);
            Assert.Equal("x-a", localised.CentreId);
            Assert.True(localised.Box is null ^ localised.Rejection is null, "a box or a rejection, not both");
            Assert.StartsWith(CamLocaliser.Family, localised.Rule);
            Assert.Equal(scored.Probability, image.Probability);
            Assert.Equal(localised.Box, image.Localisation!.Box);
        }
        Assert.All(images, i => Assert.True(i.Localisation!.Seed is null || i.Localisation.Rejection is "TouchesBorder",
            "a seed only on a box refused for touching the border"));
        var kept = images.Where(i => i.Localisation!.Box is not null || i.Localisation.Seed is not null).Select(i => i.Id).ToHashSet();
        Assert.Equal(kept, cascaded.OfType<SegmentImage>().Select(m => m.ImageId).ToHashSet());
        Assert.True(images.Take(4).Average(i => i.Probability!.Value) > images.Skip(4).Average(i => i.Probability!.Value),
            "polyp frames score higher than polyp-free ones");
    }

    [SkippableFact]
    public async Task Scoring_again_with_the_same_model_appends_nothing_unless_forced()
    {
        var (exam, _) = await IngestExamAsync("stage-twice");
        await ScoreAsync(exam);
        var before = (await ImagesAsync(exam)).Sum(i => i.Version);

        var repeat = await ScoreAsync(exam);
        var afterRepeat = (await ImagesAsync(exam)).Sum(i => i.Version);
        await ScoreAsync(exam, force: true);
        var afterForce = (await ImagesAsync(exam)).Sum(i => i.Version);

        Assert.Empty(repeat);
        Assert.Equal(before, afterRepeat);
        Assert.Equal(before + (6 * 2), afterForce);
        Assert.All(await ImagesAsync(exam), i => Assert.Single(i.Scores));
    }

    [SkippableFact]
    public async Task Segmenting_a_frame_in_the_expert_box_proposes_a_mask_that_matches_the_expert_mask_once()
    {
        var (exam, frames) = await IngestExamAsync("stage-segment");
        var image = (await ImagesAsync(exam))[0];
        var (gold, _) = new Pipeline.Models.Frames.FrameLoader().LoadMask(Path.Combine(TestPaths.PolypsData!, frames[0].Mask!));
        var b = gold!.Bounds()!.Value;
        var box = new FrameBox(b.X0, b.Y0, b.X1, b.Y1);

        await SegmentAsync(new SegmentImage(image.Id, "reviewer", box));
        await SegmentAsync(new SegmentImage(image.Id, "reviewer", box));

        await using var query = ledger.Store.QuerySession();
        var proposed = Assert.Single((await query.Events.FetchStreamAsync(image.Id)).Select(e => e.Data).OfType<MaskProposed>());
        var mask = CocoRle.FromCompressedString(proposed.Rle.Height, proposed.Rle.Width, proposed.Rle.Counts).Decode();
        Assert.Equal((image.Width, image.Height), (mask.Width, mask.Height));
        var dice = MaskMetrics.Compute(gold, mask).Dice;
        Assert.True(dice >= 0.5, $"Dice {dice:F3}");
        Assert.Equal("embedded:grabcut-ellipse-3", proposed.Provenance);
        var view = (await query.LoadAsync<ImageView>(image.Id))!;
        Assert.Equal(proposed.Provenance, Assert.Single(view.Masks).Provenance);
        Assert.Equal(box, view.Masks[0].Box);
    }

    [SkippableFact]
    public async Task Cascaded_segment_messages_give_every_kept_box_a_mask_proposal()
    {
        var (exam, _) = await IngestExamAsync("stage-cascade");
        var cascaded = (await ScoreAsync(exam)).OfType<SegmentImage>().ToList();

        foreach (var message in cascaded)
            await SegmentAsync(message);

        var images = await ImagesAsync(exam);
        foreach (var image in images)
        {
            if (image.Localisation!.Box is { } box)
                Assert.Equal(box, Assert.Single(image.Masks).Box);
            else if (image.Localisation.Seed is { } seed && image.Masks.Count > 0)
                Assert.Equal((seed.Box, "embedded:grabcut-ellipse-3;box:cam-seeds"), (Assert.Single(image.Masks).Box, image.Masks[0].Provenance));
            else
                Assert.Empty(image.Masks);
        }
    }

    /// <summary>Records a localisation that refused the box for touching the border and carries the given seed.</summary>
    private async Task LocaliseWithSeedAsync(ImageView image, CamSeed seed)
    {
        await using var session = ledger.Store.LightweightSession();
        session.Events.Append(image.Id, new ImageLocalised(image.Id, image.ExaminationId, image.CentreId, null, "TouchesBorder",
            "box touches the image border", "test-rule", "test", DateTimeOffset.UtcNow, seed));
        await session.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task A_frame_whose_box_was_refused_gets_a_mask_drawn_from_its_cam_seed_recorded_as_such_once()
    {
        var (exam, frames) = await IngestExamAsync("stage-seeded");
        var image = (await ImagesAsync(exam))[0];
        var (gold, _) = new Pipeline.Models.Frames.FrameLoader().LoadMask(Path.Combine(TestPaths.PolypsData!, frames[0].Mask!));
        var b = gold!.Bounds()!.Value;
        // The refused box reaches the left edge; the seed is the polyp's own region, as a CAM on it would give.
        var seedBox = new FrameBox(0, b.Y0, b.X1, b.Y1);
        await LocaliseWithSeedAsync(image, new CamSeed(seedBox, gold.ToEventMask(), 0.3));

        await SegmentAsync(new SegmentImage(image.Id, "score"));
        await SegmentAsync(new SegmentImage(image.Id, "score"));

        await using var query = ledger.Store.QuerySession();
        var proposed = Assert.Single((await query.Events.FetchStreamAsync(image.Id)).Select(e => e.Data).OfType<MaskProposed>());
        Assert.Equal("embedded:grabcut-ellipse-3;box:cam-seeds", proposed.Provenance);
        Assert.Equal(seedBox, proposed.Box);
        Assert.True(proposed.Quality >= 0.3, $"quality {proposed.Quality:F3}");
        var dice = MaskMetrics.Compute(gold, proposed.Rle.Decode()).Dice;
        Assert.True(dice >= 0.6, $"Dice {dice:F3}: seeded on the polyp, the mask should stay on it");
    }

    [SkippableFact]
    public async Task A_seeded_mask_under_the_seeds_minimum_quality_is_not_proposed_and_nothing_else_changes()
    {
        var (exam, frames) = await IngestExamAsync("stage-seeded-low");
        var image = (await ImagesAsync(exam))[0];
        var (gold, _) = new Pipeline.Models.Frames.FrameLoader().LoadMask(Path.Combine(TestPaths.PolypsData!, frames[0].Mask!));
        var b = gold!.Bounds()!.Value;
        await LocaliseWithSeedAsync(image, new CamSeed(new FrameBox(0, b.Y0, b.X1, b.Y1), gold.ToEventMask(), 1.01));
        var before = (await ImagesAsync(exam))[0].Version;

        await SegmentAsync(new SegmentImage(image.Id, "score"));

        var after = (await ImagesAsync(exam))[0];
        Assert.Equal(before, after.Version);
        Assert.Empty(after.Masks);
    }
}
