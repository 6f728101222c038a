using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.Labelling;

/// <summary>One frame with a usable mask: where its label came from, and what the split and the trainer need.</summary>
public sealed record LabelledFrame(
    Guid ImageId, Guid ExaminationId, string CentreId, string PatientId, string Sha256, LabelOrigin Origin, double Quality, MaskRle Mask)
{
    public string Key => ImageId.ToString("D");
}

/// <summary>
/// Reads the ledger's labelled frames: a frame whose latest final label (consensus or adjudication) carries a mask is a
/// human label; otherwise a frame with machine proposals is a machine label (its best-quality proposal, never one drawn
/// from a refused box's CAM seeds: a student taught those large, border-touching regions predicts regions the box
/// filter refuses). A final rejection keeps the frame out. Patients come from the examination views.
/// </summary>
public static class LabelledFrames
{
    public static async Task<IReadOnlyList<LabelledFrame>> ReadAsync(IQuerySession session, CancellationToken ct = default) =>
        (await ReadWithImagesAsync(session, ct)).Frames;

    /// <summary>The labelled frames and the image views they were read from (for callers that need the frames' metadata too).</summary>
    public static async Task<(IReadOnlyList<LabelledFrame> Frames, IReadOnlyDictionary<Guid, ImageView> Images)> ReadWithImagesAsync(
        IQuerySession session, CancellationToken ct = default)
    {
        // Latest final per image (a later adjudication supersedes an earlier consensus).
        var finals = (await session.Events.QueryRawEventDataOnly<ConsensusReached>().ToListAsync(ct))
            .Where(e => e.ItemKind == ReviewItemKind.Image)
            .GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.At)!);
        var machine = await session.Query<ImageView>().Where(i => i.Masks.Any()).ToListAsync(ct);
        var images = machine.ToDictionary(i => i.Id);
        // Only the finals' frames not read already (a reviewed frame usually has a machine proposal too).
        foreach (var image in await session.LoadManyAsync<ImageView>(ct, finals.Keys.Where(id => !images.ContainsKey(id)).ToList()))
            images[image.Id] = image;
        var imageIds = finals.Keys.Concat(machine.Select(m => m.Id)).Distinct().ToList();
        var exams = (await session.LoadManyAsync<ExaminationView>(ct, images.Values.Select(i => i.ExaminationId).Distinct()))
            .ToDictionary(e => e.Id);

        var frames = new List<LabelledFrame>();
        foreach (var id in imageIds.Order())
        {
            if (!images.TryGetValue(id, out var image) || !exams.TryGetValue(image.ExaminationId, out var exam)) continue;
            var best = image.Masks.Where(m => !SegmentImageHandler.IsCamSeeded(m.Provenance))
                .OrderByDescending(m => m.Quality).ThenByDescending(m => m.At).FirstOrDefault();
            if (finals.TryGetValue(id, out var final))
            {
                if (final.Outcome == ReviewVerdict.Reject) continue;
                var origin = final.Method == ConsensusMethod.Adjudication ? LabelOrigin.Adjudicated : LabelOrigin.Consensus;
                // An accepted proposal the review stream did not hold: the accepted mask is the latest proposal.
                var mask = final.MaskRle ?? image.Masks.OrderByDescending(m => m.At).FirstOrDefault()?.Rle;
                if (mask is not null) frames.Add(Frame(image, exam, origin, 1.0, mask));
            }
            else if (best is not null)
            {
                frames.Add(Frame(image, exam, LabelOrigin.Machine, best.Quality, best.Rle));
            }
        }
        return (frames, images);
    }

    private static LabelledFrame Frame(ImageView image, ExaminationView exam, LabelOrigin origin, double quality, MaskRle mask) =>
        new(image.Id, image.ExaminationId, image.CentreId, exam.PatientId, image.Sha256, origin, quality, mask);
}
