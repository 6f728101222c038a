using EndoKED.Shared.Events;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.History;

/// <summary>
/// The difference between two versions of a mask: pixels added (in the later, not the earlier), removed (the other
/// way), kept (in both), and the changed pixels as one RLE (added or removed), plus the added and removed ones apart.
/// </summary>
public sealed record MaskDifference(long Added, long Removed, long Kept, MaskRle Diff, MaskRle AddedMask, MaskRle RemovedMask);

public static class MaskDiff
{
    public static MaskDifference Between(MaskRle from, MaskRle to)
    {
        if (from.Width != to.Width || from.Height != to.Height)
            throw new ArgumentException($"Mask sizes differ: {from.Height}x{from.Width} and {to.Height}x{to.Width}.");
        var a = from.Decode().Pixels;
        var b = to.Decode().Pixels;
        var diff = new byte[a.Length];
        var added = new byte[a.Length];
        var removed = new byte[a.Length];
        long nAdded = 0, nRemoved = 0, nKept = 0;
        for (var i = 0; i < a.Length; i++)
        {
            added[i] = (byte)(b[i] & ~a[i] & 1);
            removed[i] = (byte)(a[i] & ~b[i] & 1);
            diff[i] = (byte)(added[i] | removed[i]);
            nAdded += added[i];
            nRemoved += removed[i];
            nKept += a[i] & b[i];
        }

        return new MaskDifference(nAdded, nRemoved, nKept,
            Encode(from, diff), Encode(from, added), Encode(from, removed));
    }

    private static MaskRle Encode(MaskRle size, byte[] rowMajor) =>
        BinaryMask.FromValues(size.Width, size.Height, rowMajor).ToEventMask();
}
