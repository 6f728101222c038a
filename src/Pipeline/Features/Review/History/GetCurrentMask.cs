using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Review.History;

/// <summary>Which mask a frame has now, and where it came from.</summary>
public sealed record CurrentMask(MaskRle Rle, string Origin, string Provenance);

/// <summary>
/// A frame's current mask: the final one when the readers reached consensus (or a Lead adjudicated), else the latest
/// machine proposal. Null when the frame has neither, or the caller may not see it.
/// </summary>
public sealed class GetCurrentMask(IQuerySession session)
{
    public async Task<(ImageView Image, CurrentMask? Mask)?> HandleAsync(Guid imageId, AccessScope caller, CancellationToken ct = default)
    {
        var image = await session.LoadAsync<ImageView>(imageId, ct);
        if (image is null || !caller.CanSee(image.CentreId)) return null;
        var review = await session.Events.AggregateStreamAsync<ReviewState>(imageId, token: ct);
        if (review?.Final is { MaskRle: { } final } consensus)
            return (image, new CurrentMask(final, consensus.Method.ToString().ToLowerInvariant(), consensus.Actor));
        var latest = image.Masks.OrderByDescending(m => m.At).FirstOrDefault();
        return (image, latest is null ? null : new CurrentMask(latest.Rle, "proposal", latest.Provenance));
    }

    /// <summary>The mask as a 0/255 greyscale PNG of the frame's size.</summary>
    public static byte[] Png(MaskRle rle)
    {
        var mask = rle.Decode();
        using var image = Image.LoadPixelData<L8>(mask.ToGreyValues(), mask.Width, mask.Height);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>The mask as an overlay: foreground in a clear green, background fully transparent.</summary>
    public static byte[] OverlayPng(MaskRle rle)
    {
        var grey = rle.Decode().ToGreyValues();
        var rgba = new byte[grey.Length * 4];
        for (var i = 0; i < grey.Length; i++)
        {
            if (grey[i] == 0) continue;
            rgba[(i * 4) + 0] = 0;
            rgba[(i * 4) + 1] = 230;
            rgba[(i * 4) + 2] = 118;
            rgba[(i * 4) + 3] = 255;
        }
        using var image = Image.LoadPixelData<Rgba32>(rgba, rle.Width, rle.Height);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }
}
