using System.Text;

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
    public string ToCompressedString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Counts.Length; i++)
        {
            long x = Counts[i];
            if (i > 2) x -= Counts[i - 2];
            var more = true;
            while (more)
            {
                var c = (int)(x & 0x1f);
                x >>= 5; // arithmetic shift keeps the sign, as the format expects
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                text.Append((char)(c + 48));
            }
        }

        return text.ToString();
    }

    /// <summary>Parses the pycocotools compressed string for a frame of the given size.</summary>
    public static CocoRle FromCompressedString(int height, int width, string compressed)
    {
        var counts = new List<int>();
        var p = 0;
        while (p < compressed.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                if (p >= compressed.Length)
                    throw new FormatException("Compressed RLE ends in the middle of a number.");
                var c = compressed[p] - 48;
                if (c is < 0 or > 63)
                    throw new FormatException($"Character '{compressed[p]}' at {p} is not part of a compressed RLE.");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }

            if (counts.Count > 2) x += counts[^2];
            counts.Add(checked((int)x));
        }

        return new CocoRle(height, width, [.. counts]);
    }
}
