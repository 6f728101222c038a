using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
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
    /// <summary>What a mask drawn from a refused box's CAM seeds records as its provenance (and actor).</summary>
    public const string CamSeedsSuffix = ";box:cam-seeds";

    public static string SeededProvenance(IMaskRefiner refiner) => refiner.Provenance + CamSeedsSuffix;

    /// <summary>Whether a proposal was drawn from a refused box's CAM seeds (no student learns from those unreviewed).</summary>
    public static bool IsCamSeeded(string provenance) => provenance.EndsWith(CamSeedsSuffix, StringComparison.Ordinal);

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
        // No box kept, but the CAM's own region in the refused box: the refiner may draw from it (issue 18).
        var seed = message.Box is null && image.Localisation is { Box: null, Seed: { } s } ? s : null;
        if ((message.Box ?? image.Localisation?.Box ?? seed?.Box) is not { } box)
        {
            logger.LogInformation("SegmentImage for {Id}: no box given and none kept; nothing done", image.Id);
            return;
        }

        var refiner = message.ConfiguredRefinerOnly ? segmenting.Refiner : await segmenting.CurrentAsync(session, ct);
        var provenance = seed is null ? refiner.Provenance : SeededProvenance(refiner);
        if (!message.Force && image.Masks.Any(m => m.Provenance == provenance && m.Box == box))
        {
            logger.LogDebug("SegmentImage for {Id}: {Provenance} already proposed a mask for this box", image.Id, provenance);
            return;
        }

        var bytes = await files.ReadAllAsync(image.Sha256, ct)
            ?? throw new FileNotFoundException($"Frame {image.Id}: blob {image.Sha256} is not in the file store.");
        var load = segmenting.Loader.Load(bytes);
        if (load.Frame is not { } frame)
        {
            logger.LogWarning("SegmentImage for {Id}: the frame no longer decodes ({Reason}); nothing done", image.Id, load.Rejection);
            return;
        }

        MaskProposal proposal;
        using (frame)
        {
            var prompt = new Box(box.X0, box.Y0, box.X1, box.Y1);
            if (seed is null)
                proposal = refiner.Refine(frame, prompt, ct);
            else if (seed.Rle.Decode() is var region && (region.Width, region.Height) == (frame.Width, frame.Height))
                proposal = refiner.Refine(frame, prompt, region, ct);
            else
            {
                logger.LogWarning("SegmentImage for {Id}: the CAM seed is {W}x{H} but the frame {FW}x{FH}; nothing done",
                    image.Id, region.Width, region.Height, frame.Width, frame.Height);
                return;
            }
        }
        if (seed is not null && CamLocaliser.SeededMaskRefusal(proposal, seed.MinQuality, seed.MaxAreaFraction) is { } why)
        {
            logger.LogInformation("SegmentImage for {Id}: the mask seeded from the CAM was not proposed ({Why})", image.Id, why);
            return;
        }
        var proposed = new MaskProposed(image.Id, image.ExaminationId, image.CentreId, proposal.Refiner, proposal.Version,
            provenance, box, proposal.Mask.ToEventMask(), proposal.Quality, proposal.Note, provenance, clock.GetUtcNow());
        session.Events.Append(image.Id, image.Version + 1, proposed);
    }
}
