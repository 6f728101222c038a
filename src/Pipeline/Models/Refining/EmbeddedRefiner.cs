using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// The refiner used when no SAM is configured: classical image processing only. Around the box it removes specular
/// highlights (inpainting), runs GrabCut seeded by the box (outside = background) and an inscribed-ellipse prior, keeps the
/// largest component with its holes filled, smooths the outline, and scores the result from independent cues.
/// </summary>
public sealed class EmbeddedRefiner(EmbeddedRefinerOptions options) : IMaskRefiner
{
    public EmbeddedRefiner() : this(new EmbeddedRefinerOptions())
    {
    }

    public string Name => "embedded";

    /// <summary>3: GrabCut seeded with a fixed random state (2 drew from the thread's, so masks varied between runs).</summary>
    public string Version => "grabcut-ellipse-3";

    public MaskProposal Refine(FrameImage image, Box box, CancellationToken ct) => Refine(image, box, null, ct);

    public MaskProposal Refine(FrameImage image, Box box, BinaryMask? hint, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (box.ClipTo(image.Width, image.Height) is not { } rect)
            return new MaskProposal(BinaryMask.Empty(image.Width, image.Height), 0, Name, Version, "the box lies outside the frame");
        if (Math.Min(rect.Width, rect.Height) < options.MinBoxSide)
            return Fallback(image, rect, $"the box is under {options.MinBoxSide} pixels across, too small to model colours");

        try
        {
            var (mask, cues) = RegionSegmenter.Segment(image.Bgr, rect, options, ct, hint);
            if (mask is null || cues.Fill < options.MinFill)
                return Fallback(image, rect, $"the colour result filled {cues.Fill:P0} of the box; the ellipse prior was used");
            if (cues.PriorAgreement < options.MinPriorAgreement)
                return Fallback(image, rect, $"the colour result agreed {cues.PriorAgreement:P0} with the box's shape; the ellipse prior was used");
            return new MaskProposal(mask, cues.Quality, Name, Version);
        }
        catch (OpenCVException e)
        {
            return Fallback(image, rect, $"colour modelling failed ({e.Message}); the ellipse prior was used");
        }
    }

    private MaskProposal Fallback(FrameImage image, PixelRect rect, string note) =>
        new(ShapePriors.InscribedEllipse(image.Width, image.Height, rect), 0.1, Name, Version, note);
}
