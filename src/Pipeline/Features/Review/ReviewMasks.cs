using EndoKED.Shared.Events;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>Checks a mask a reader sent (conversions live in <see cref="MaskRleConversions"/>).</summary>
public static class ReviewMasks
{
    /// <summary>Null when the mask decodes to the given frame size (0 = any size), else what is wrong with it.</summary>
    public static string? Problem(MaskRle mask, int width, int height)
    {
        if (mask.Width <= 0 || mask.Height <= 0) return $"maskRle.size must be two positive numbers [height, width] (got [{mask.Height}, {mask.Width}]).";
        if (width > 0 && height > 0 && (mask.Width != width || mask.Height != height))
            return $"maskRle.size is [{mask.Height}, {mask.Width}] but the image is {height} high and {width} wide: send [{height}, {width}].";
        if ((long)mask.Width * mask.Height > 40_000_000) return "maskRle.size is larger than any frame the ledger accepts.";
        try
        {
            var rle = mask.ToRle();
            var sum = rle.Counts.Sum(c => (long)c);
            if (rle.Counts.Any(c => c < 0) || sum != (long)mask.Width * mask.Height)
                return $"maskRle.counts cover {sum} pixels, not the {(long)mask.Width * mask.Height} of a {mask.Height}x{mask.Width} frame.";
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return "maskRle.counts is not a COCO RLE: " + e.Message;
        }

        return null;
    }
}
