using System.Text;
using EndoKED.Pipeline.Features.Ingest.Checking;

namespace EndoKED.Pipeline.Tests.Features.Ingest;

public class FrameInspectorTests
{
    private readonly FrameInspector _inspector = new(new IngestLimits());

    [Fact]
    public void A_png_and_a_jpeg_are_accepted_with_their_format_and_size()
    {
        var png = _inspector.Inspect(TestFrames.Png(64, 48), "a.png");
        var jpeg = _inspector.Inspect(TestFrames.Jpeg(80, 60), "b.jpg");

        Assert.True(png.Accepted);
        Assert.Equal(("png", 64, 48), (png.Format, png.Width, png.Height));
        Assert.True(jpeg.Accepted);
        Assert.Equal(("jpeg", 80, 60), (jpeg.Format, jpeg.Width, jpeg.Height));
    }

    [Fact]
    public void The_format_comes_from_the_content_not_the_name()
    {
        var check = _inspector.Inspect(TestFrames.Png(), "looks-like.jpg");
        Assert.Equal("png", check.Format);
    }

    [Fact]
    public void A_zero_byte_file_is_rejected_as_empty()
    {
        var check = _inspector.Inspect([], "zero.jpg");
        Assert.False(check.Accepted);
        Assert.Contains("empty", check.Rejection);
    }

    [Fact]
    public void A_text_file_named_jpg_is_rejected_as_not_an_image()
    {
        var check = _inspector.Inspect(Encoding.UTF8.GetBytes("this is not a picture\n"), "notes.jpg");
        Assert.False(check.Accepted);
        Assert.Contains("not an image", check.Rejection);
    }

    [Fact]
    public void A_corrupt_jpeg_is_rejected_with_the_decoder_reason()
    {
        var check = _inspector.Inspect(TestFrames.CorruptJpeg(), "corrupt.jpg");
        Assert.False(check.Accepted);
        Assert.StartsWith("corrupt jpeg", check.Rejection);
    }

    [Fact]
    public void A_png_whose_header_claims_30000_by_30000_pixels_is_refused_before_decoding()
    {
        var bytes = TestFrames.PngClaiming(30000, 30000);
        var check = _inspector.Inspect(bytes, "huge.png");
        Assert.False(check.Accepted);
        Assert.Contains("30000×30000", check.Rejection);
        Assert.Contains("limit", check.Rejection);
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused()
    {
        var small = new FrameInspector(new IngestLimits { MaxFrameBytes = 100 });
        var check = small.Inspect(TestFrames.Png(64, 64), "big.png");
        Assert.False(check.Accepted);
        Assert.Contains("byte limit", check.Rejection);
    }

    [Fact]
    public void A_tiny_8_by_8_frame_is_accepted()
    {
        Assert.True(_inspector.Inspect(TestFrames.Png(8, 8), "tiny.png").Accepted);
    }
}
