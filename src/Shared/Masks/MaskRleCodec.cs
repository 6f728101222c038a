using System.Text;
using EndoKED.Shared.Events;

namespace EndoKED.Shared.Masks;

/// <summary>
/// COCO RLE without dependencies, for code that cannot reach the pipeline's CocoRle (the WebAssembly client):
/// decodes a <see cref="MaskRle"/> into a row-major 0/1 buffer and encodes one back, byte for byte the compressed
/// counts that pycocotools writes (column-major runs, starting with background; from the third run on each count is
/// stored as the difference from the one two places before, in 5-bit groups offset by 48).
/// </summary>
public static class MaskRleCodec
{
    /// <summary>The mask as row-major bytes (1 = foreground), <c>Width * Height</c> long.</summary>
    /// <exception cref="FormatException">The counts are malformed or do not cover the frame exactly.</exception>
    public static byte[] Decode(MaskRle rle)
    {
        ArgumentNullException.ThrowIfNull(rle);
        return Expand(Counts(rle.Counts), rle.Width, rle.Height);
    }

    /// <summary>Encodes row-major bytes (non-zero = foreground) of a <paramref name="width"/>×<paramref name="height"/> mask.</summary>
    public static MaskRle Encode(ReadOnlySpan<byte> rowMajor, int width, int height) =>
        new(height, width, Compress(Runs(rowMajor, width, height)));

    /// <summary>
    /// The run lengths of row-major bytes (non-zero = foreground) counted down the columns, alternating background and
    /// foreground and starting with a (possibly empty) background run.
    /// </summary>
    public static int[] Runs(ReadOnlySpan<byte> rowMajor, int width, int height)
    {
        if (rowMajor.Length != checked(width * height))
            throw new ArgumentException($"Expected {width * height} pixels for {width}x{height}, got {rowMajor.Length}.", nameof(rowMajor));
        var counts = new List<int>();
        var current = false;
        var run = 0;
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                var on = rowMajor[(y * width) + x] != 0;
                if (on == current)
                {
                    run++;
                    continue;
                }

                counts.Add(run);
                current = on;
                run = 1;
            }
        }

        counts.Add(run);
        return [.. counts];
    }

    /// <summary>Row-major bytes (1 = foreground) from column-major run lengths.</summary>
    /// <exception cref="FormatException">A count is negative, or the counts do not cover the frame exactly.</exception>
    public static byte[] Expand(IEnumerable<int> counts, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = checked(width * height);
        var pixels = new byte[total];
        var index = 0L;
        var run = 0;
        foreach (var count in counts)
        {
            if (count < 0 || index + count > total)
                throw new FormatException($"RLE counts overrun a {width}x{height} mask.");
            if ((run & 1) == 1)
            {
                for (var k = index; k < index + count; k++)
                    pixels[((int)(k % height) * width) + (int)(k / height)] = 1;
            }

            index += count;
            run++;
        }

        if (index != total) throw new FormatException($"RLE counts sum to {index}, expected {total} for {width}x{height}.");
        return pixels;
    }

    /// <summary>Run lengths as the pycocotools compressed string.</summary>
    public static string Compress(IReadOnlyList<int> counts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < counts.Count; i++)
        {
            long x = counts[i];
            if (i > 2) x -= counts[i - 2];
            var more = true;
            while (more)
            {
                var c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                text.Append((char)(c + 48));
            }
        }

        return text.ToString();
    }

    /// <summary>The run lengths of a pycocotools compressed string.</summary>
    /// <exception cref="FormatException">Not a compressed RLE.</exception>
    public static List<int> Counts(string compressed)
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
                if (p >= compressed.Length) throw new FormatException("Compressed RLE ends in the middle of a number.");
                var c = compressed[p] - 48;
                if (c is < 0 or > 63) throw new FormatException($"Character '{compressed[p]}' at {p} is not part of a compressed RLE.");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }

            if (counts.Count > 2) x += counts[^2];
            counts.Add(checked((int)x));
        }

        return counts;
    }
}
