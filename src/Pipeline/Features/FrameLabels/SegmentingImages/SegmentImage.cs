using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;

/// <summary>Propose the polyp mask of one frame inside a box.</summary>
/// <param name="ImageId">The image stream.</param>
/// <param name="RequestedBy">Who asked (the scoring stage, a reviewer), for the log.</param>
/// <param name="Box">The box prompt; null takes the frame's latest kept CAM box.</param>
/// <param name="Force">Propose again even when this refiner version already answered this box.</param>
/// <param name="ConfiguredRefinerOnly">Use the configured refiner (SAM or embedded) even when a student was promoted.</param>
public sealed record SegmentImage(Guid ImageId, string RequestedBy, FrameBox? Box = null, bool Force = false, bool ConfiguredRefinerOnly = false);

/// <summary>The SegmentImage stage: the current proposer's mask (a promoted student, else the configured refiner) as COCO RLE in a MaskProposed event.</summary>
public static class SegmentImageHandler
{
    public static async Task Handle(
        SegmentImage message, IDocumentSession session, FrameSegmenting segmenting, IFileStore files, TimeProvider clock,
        ILogger<SegmentImage> logger, CancellationToken ct)
    {
        var image = await session.LoadAsync<ImageView>(message.ImageId, ct);
        if (image is null)
        {
            logger.LogWarning("SegmentImage for {Id}: no such image; nothing done", message.ImageId);
            return;
        }
        if ((message.Box ?? image.Localisation?.Box) is not { } box)
        {
            logger.LogInformation("SegmentImage for {Id}: no box given and none kept; nothing done", image.Id);
            return;
        }

        var refiner = message.ConfiguredRefinerOnly ? segmenting.Refiner : await segmenting.CurrentAsync(session, ct);
        var provenance = refiner.Provenance;
        if (!message.Force && image.Masks.Any(m => m.Provenance == provenance && m.Box == box))
        {
            logger.LogDebug("SegmentImage for {Id}: {Provenance} already proposed a mask for this box", image.Id, provenance);
            return;
        }

        await using var stream = files.OpenRead(image.Sha256)
            ?? throw new FileNotFoundException($"Frame {image.Id}: blob {image.Sha256} is not in the file store.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var load = segmenting.Loader.Load(buffer.ToArray());
        if (load.Frame is not { } frame)
        {
            logger.LogWarning("SegmentImage for {Id}: the frame no longer decodes ({Reason}); nothing done", image.Id, load.Rejection);
            return;
        }

        MaskProposal proposal;
        using (frame)
            proposal = refiner.Refine(frame, new Box(box.X0, box.Y0, box.X1, box.Y1), ct);
        var proposed = new MaskProposed(image.Id, image.ExaminationId, image.CentreId, proposal.Refiner, proposal.Version,
            provenance, box, proposal.Mask.ToEventMask(), proposal.Quality, proposal.Note, provenance, clock.GetUtcNow());
        session.Events.Append(image.Id, image.Version + 1, proposed);
    }
}
