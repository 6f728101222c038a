using EndoKED.Shared.Masks;

namespace EndoKED.Pipeline.Features.Vision.Masks;

/// <summary>
/// A mask in COCO run-length form: <c>size = [Height, Width]</c>, runs counted down the columns (column-major,
/// as COCO stores masks), alternating background and foreground and always starting with a (possibly zero) background run.
/// This is how Image events carry masks, and it reads and writes the compressed string that pycocotools uses.
/// </summary>
public sealed record CocoRle(int Height, int Width, int[] Counts)
{
    /// <summary>Run-length encodes a mask in COCO's column-major order.</summary>
    public static CocoRle Encode(BinaryMask mask)
    {
        var counts = new List<int>();
        var pixels = mask.Pixels;
        byte current = 0;
        var run = 0;
        for (var x = 0; x < mask.Width; x++)
        {
            for (var y = 0; y < mask.Height; y++)
            {
                var value = pixels[(y * mask.Width) + x];
                if (value == current)
                {
                    run++;
                    continue;
                }

                counts.Add(run);
                current = value;
                run = 1;
            }
        }

        counts.Add(run);
        return new CocoRle(mask.Height, mask.Width, [.. counts]);
    }

    /// <summary>Expands the runs back into a mask; rejects counts that do not cover the frame exactly.</summary>
    public BinaryMask Decode()
    {
        var total = checked(Width * Height);
        if (Counts.Any(c => c < 0) || Counts.Sum(c => (long)c) != total)
            throw new FormatException($"RLE counts sum to {Counts.Sum(c => (long)c)}, expected {total} for {Width}x{Height}.");

        var rowMajor = new byte[total];
        var index = 0;
        for (var i = 0; i < Counts.Length; i++)
        {
            var foreground = (i & 1) == 1;
            for (var k = 0; k < Counts[i]; k++, index++)
            {
                if (!foreground) continue;
                var x = index / Height;
                var y = index % Height;
                rowMajor[(y * Width) + x] = 1;
            }
        }

        return BinaryMask.FromValues(Width, Height, rowMajor);
    }

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
