using EndoKED.Shared.Masks;

namespace EndoKED.Pipeline.Models.Masks;

/// <summary>
/// A mask in COCO run-length form: <c>size = [Height, Width]</c>, runs counted down the columns (column-major,
/// as COCO stores masks), alternating background and foreground and always starting with a (possibly zero) background run.
/// This is how Image events carry masks, and it reads and writes the compressed string that pycocotools uses.
/// </summary>
public sealed record CocoRle(int Height, int Width, int[] Counts)
{
    /// <summary>Run-length encodes a mask in COCO's column-major order.</summary>
    public static CocoRle Encode(BinaryMask mask) => new(mask.Height, mask.Width, MaskRleCodec.Runs(mask.Pixels, mask.Width, mask.Height));

    /// <summary>Expands the runs back into a mask; rejects counts that do not cover the frame exactly.</summary>
    public BinaryMask Decode() => BinaryMask.FromValues(Width, Height, MaskRleCodec.Expand(Counts, Width, Height));

    /// <summary>
    /// The compressed string of pycocotools: from the third run on, each count is stored as the difference from the count
    /// two places before it; each number is written as 5-bit groups, least significant first, in characters offset by 48,
    /// with bit 0x20 meaning "another group follows" and bit 0x10 of the last group carrying the sign.
    /// </summary>
    public string ToCompressedString() => MaskRleCodec.Compress(Counts);

    /// <summary>Parses the pycocotools compressed string for a frame of the given size.</summary>
    public static CocoRle FromCompressedString(int height, int width, string compressed) =>
        new(height, width, [.. MaskRleCodec.Counts(compressed)]);
}
