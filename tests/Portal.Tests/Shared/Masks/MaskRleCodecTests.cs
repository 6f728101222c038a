using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Masks;

namespace EndoKED.Portal.Tests.Shared.Masks;

public class MaskRleCodecTests
{
    private static byte[] Blob(int w, int h, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[w * h];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(random.NextDouble() < 0.3 ? 1 : 0);
        for (var y = h / 4; y < h / 2; y++)
            for (var x = w / 3; x < w - 2; x++) pixels[(y * w) + x] = 1;
        return pixels;
    }

    [Theory]
    [InlineData(7, 5, 1)]
    [InlineData(64, 48, 2)]
    [InlineData(320, 240, 3)]
    public void Encoding_writes_the_same_compressed_counts_as_the_pipeline_codec(int w, int h, int seed)
    {
        var pixels = Blob(w, h, seed);
        var expected = CocoRle.Encode(BinaryMask.FromValues(w, h, pixels)).ToCompressedString();
        var rle = MaskRleCodec.Encode(pixels, w, h);
        Assert.Equal((h, w, expected), (rle.Height, rle.Width, rle.Counts));
    }

    [Theory]
    [InlineData(64, 48, 4)]
    [InlineData(33, 17, 5)]
    public void Decoding_gives_back_the_pixels_the_pipeline_encoded(int w, int h, int seed)
    {
        var pixels = Blob(w, h, seed);
        var compressed = CocoRle.Encode(BinaryMask.FromValues(w, h, pixels)).ToCompressedString();
        Assert.Equal(pixels, MaskRleCodec.Decode(new(h, w, compressed)));
    }

    [Fact]
    public void An_empty_and_a_full_mask_round_trip()
    {
        Assert.Equal(new byte[12], MaskRleCodec.Decode(MaskRleCodec.Encode(new byte[12], 4, 3)));
        var full = Enumerable.Repeat((byte)1, 12).ToArray();
        Assert.Equal(full, MaskRleCodec.Decode(MaskRleCodec.Encode(full, 4, 3)));
    }

    [Fact]
    public void Counts_that_do_not_cover_the_frame_are_refused()
    {
        var rle = MaskRleCodec.Encode(new byte[12], 4, 3);
        Assert.Throws<FormatException>(() => MaskRleCodec.Decode(rle with { Width = 5 }));
        Assert.Throws<FormatException>(() => MaskRleCodec.Decode(rle with { Counts = "\u007f" }));
    }
}
