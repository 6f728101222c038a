using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

/// <summary>
/// Which machine proposal a frame's machine label is: the best-quality one, but never a mask drawn from a refused box's
/// CAM seeds (no student, split or export learns from those before a reader accepts one).
/// </summary>
public sealed class LabelledFramesTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static MaskProposed Proposal(ImageView image, string provenance, double quality, int side) => new(
        image.Id, image.ExaminationId, image.CentreId, "embedded", "grabcut-ellipse-3", provenance, new FrameBox(0, 0, side, side),
        BinaryMask.FromPredicate(image.Width, image.Height, (x, y) => x < side && y < side).ToEventMask(), quality, null, provenance,
        DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_seeded_mask_is_no_machine_label_and_a_boxed_one_of_lower_quality_is_taken_instead()
    {
        var root = TestPaths.NewTempDir("labelled-frames");
        TestFrames.ExamFolder(root, "seeded", "A 6 mm polyp.", null, ("1.png", TestFrames.Png(seed: 1)), ("2.png", TestFrames.Png(seed: 2)));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "x-l", "test");
        await using (var query = ledger.Store.QuerySession())
        {
            var exam = (await query.LoadAsync<ExaminationView>(StableIds.Examination("x-l", "seeded")))!;
            var images = (await query.LoadManyAsync<ImageView>(exam.ImageIds)).OrderBy(i => i.Ordinal).ToList();
            await using var session = ledger.Store.LightweightSession();
            // Frame 1: a seeded mask of high quality beside a boxed one of lower quality; frame 2: a seeded mask only.
            session.Events.Append(images[0].Id, Proposal(images[0], "embedded:grabcut-ellipse-3;box:cam-seeds", 0.9, 30),
                Proposal(images[0], "embedded:grabcut-ellipse-3", 0.6, 10));
            session.Events.Append(images[1].Id, Proposal(images[1], "embedded:grabcut-ellipse-3;box:cam-seeds", 0.9, 30));
            await session.SaveChangesAsync();
        }

        await using var read = ledger.Store.QuerySession();
        var frames = (await LabelledFrames.ReadAsync(read)).Where(f => f.CentreId == "x-l").ToList();

        var only = Assert.Single(frames);
        Assert.Equal(LabelOrigin.Machine, only.Origin);
        Assert.Equal(0.6, only.Quality);
        Assert.Equal(100, only.Mask.Decode().Area); // the 10 x 10 boxed mask, not the 30 x 30 seeded one
    }
}
