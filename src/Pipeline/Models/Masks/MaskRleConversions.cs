using EndoKED.Shared.Events;
using EndoKED.Shared.Masks;

namespace EndoKED.Pipeline.Models.Masks;

/// <summary>Between the events' <see cref="MaskRle"/> and the vision code's <see cref="CocoRle"/> and <see cref="BinaryMask"/>.</summary>
public static class MaskRleConversions
{
    public static MaskRle ToEventMask(this CocoRle rle) => new(rle.Height, rle.Width, rle.ToCompressedString());

    public static MaskRle ToEventMask(this BinaryMask mask) => MaskRleCodec.Encode(mask.Pixels, mask.Width, mask.Height);

    public static CocoRle ToRle(this MaskRle mask) => CocoRle.FromCompressedString(mask.Height, mask.Width, mask.Counts);

    public static BinaryMask Decode(this MaskRle mask) => mask.ToRle().Decode();
}
