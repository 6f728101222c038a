using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Ingest.Checking;

public sealed record FrameCheck(string? Format, int Width, int Height, string? Rejection)
{
    public bool Accepted => Rejection is null;

    public static FrameCheck Reject(string reason) => new(null, 0, 0, reason);

    /// <summary>A frame already in the ledger: accepted without decoding it again (nothing new is written for it).</summary>
    public static FrameCheck Known { get; } = new("known", 0, 0, null);
}

/// <summary>
/// Decides whether bytes are a usable frame: the format comes from the content, the size from the header (checked before
/// any pixel is decoded), and a full decode proves the data is whole. Never throws for bad input.
/// </summary>
public sealed class FrameInspector(IngestLimits limits)
{
    public FrameCheck Inspect(ReadOnlySpan<byte> bytes, string name) => Inspect(bytes.ToArray(), name);

    /// <summary>The check, on the array itself (ingest reads each frame into one array and decodes it once, here).</summary>
    public FrameCheck Inspect(byte[] bytes, string name)
    {
        if (bytes.Length == 0)
            return FrameCheck.Reject("empty file (0 bytes)");
        if (bytes.Length > limits.MaxFrameBytes)
            return FrameCheck.Reject($"file is {bytes.Length:N0} bytes, over the {limits.MaxFrameBytes:N0}-byte limit");

        var format = Sniff(bytes);
        if (format is null)
            return FrameCheck.Reject($"not an image: the content is not JPEG, PNG, BMP or TIFF (whatever the name '{Path.GetExtension(name)}' says)");

        var copy = bytes;
        try
        {
            var info = Image.Identify(copy);
            if (info is null)
                return FrameCheck.Reject($"{format} header could not be read: the file is damaged");
            var pixels = (long)info.Width * info.Height;
            if (info.Width <= 0 || info.Height <= 0)
                return FrameCheck.Reject($"{format} header gives an empty size {info.Width}×{info.Height}");
            if (pixels > limits.MaxFramePixels)
                return FrameCheck.Reject($"{format} header claims {info.Width}×{info.Height} pixels ({pixels / 1e6:0.#} MP), over the {limits.MaxFramePixels / 1e6:0.#} MP limit: not decoded");

            using var image = Image.Load<Rgb24>(copy);
            return new FrameCheck(format, image.Width, image.Height, null);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException
                                   or ImageFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
                                   or OutOfMemoryException)
        {
            return FrameCheck.Reject($"corrupt {format}: {FirstLine(e.Message)}");
        }
    }

    /// <summary>The format from the first bytes, or null when it is none of the accepted ones.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "jpeg";
        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "png";
        if (b.Length >= 14 && b[0] == 'B' && b[1] == 'M') return "bmp";
        if (b.Length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) return "tiff";
        return null;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
