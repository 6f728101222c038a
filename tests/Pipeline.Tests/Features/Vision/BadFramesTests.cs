using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.Vision;

/// <summary>Frames a hospital export may contain: each gives a clear result or a clear rejection, never an exception.</summary>
public class BadFramesTests
{
    private readonly FrameLoader _loader = new(new FrameLoadOptions { MaxBytes = 8 * 1024 * 1024, MaxPixels = 20_000_000 });
    private readonly EmbeddedRefiner _refiner = new();

    private static byte[] Encode(string ext, Mat mat)
    {
        Cv2.ImEncode(ext, mat, out var bytes);
        return bytes;
    }

    /// <summary>A bright disc on a darker background, so a box around the disc has something to find.</summary>
    private static Mat Disc(int size, MatType type, double background, double foreground)
    {
        var mat = new Mat(size, size, type, Scalar.All(background));
        Cv2.Circle(mat, new OpenCvSharp.Point(size / 2, size / 2), size / 4, Scalar.All(foreground), -1);
        return mat;
    }

    [Fact]
    public void A_greyscale_png_loads_as_three_channel_bgr_and_the_refiner_finds_the_disc()
    {
        using var grey = Disc(120, MatType.CV_8UC1, 60, 200);
        using var frame = _loader.Load(Encode(".png", grey)).Frame!;
        Assert.Equal(MatType.CV_8UC3, frame.Bgr.Type());
        var proposal = _refiner.Refine(frame, new Box(25, 25, 95, 95), CancellationToken.None);
        // The disc has radius 30, so about 2 827 pixels; the refiner should land near it, not on the whole box (4 900).
        Assert.InRange(proposal.Mask.Area, 2300, 3400);
        Assert.InRange(proposal.Quality, 0, 1);
    }

    [Fact]
    public void A_16_bit_png_is_scaled_to_8_bits()
    {
        using var deep = Disc(64, MatType.CV_16UC3, 1000, 60000);
        using var frame = _loader.Load(Encode(".png", deep)).Frame!;
        Assert.Equal(MatType.CV_8UC3, frame.Bgr.Type());
        Assert.True(frame.Bgr.At<Vec3b>(32, 32).Item0 > 200, "the bright centre stays bright after the depth conversion");
    }

    [Fact]
    public void A_cmyk_jpeg_decodes_to_bgr()
    {
        using var image = new Image<Rgb24>(48, 32, new Rgb24(200, 40, 40));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { ColorType = JpegColorType.Cmyk, Quality = 95 });
        using var frame = _loader.Load(stream.ToArray()).Frame!;
        Assert.Equal((48, 32), (frame.Width, frame.Height));
        var bgr = frame.Bgr.At<Vec3b>(16, 24);
        Assert.True(bgr.Item2 > bgr.Item0 + 80, $"red stays red through CMYK (got B={bgr.Item0} G={bgr.Item1} R={bgr.Item2})");
    }

    [Fact]
    public void An_8x8_frame_gives_a_mask_of_its_size()
    {
        using var tiny = Disc(8, MatType.CV_8UC3, 30, 220);
        using var frame = _loader.Load(Encode(".png", tiny)).Frame!;
        var proposal = _refiner.Refine(frame, new Box(1, 1, 7, 7), CancellationToken.None);
        Assert.Equal((8, 8), (proposal.Mask.Width, proposal.Mask.Height));
        Assert.False(proposal.Mask.IsEmpty);
        Assert.NotNull(proposal.Note); // too small to model colours: the ellipse prior, and it says so
    }

    [Fact]
    public void A_header_claiming_30000_by_30000_pixels_is_refused_before_decoding()
    {
        var png = Encode(".png", new Mat(4, 4, MatType.CV_8UC3, Scalar.All(0)));
        // PNG's IHDR holds width and height as big-endian integers at bytes 16..23; claim 30000 x 30000.
        var claim = BitConverter.GetBytes(30000);
        Array.Reverse(claim);
        claim.CopyTo(png, 16);
        claim.CopyTo(png, 20);
        // Keep the chunk's CRC right (over type and data, bytes 12..28) so only the size claim is wrong.
        var crc = BitConverter.GetBytes(Crc32(png.AsSpan(12, 17)));
        Array.Reverse(crc);
        crc.CopyTo(png, 29);
        var result = _loader.Load(png);
        Assert.False(result.IsLoaded);
        Assert.Contains("30000x30000", result.Rejection!);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }

    [Fact]
    public void Bytes_that_are_no_image_and_files_over_the_size_limit_are_refused_with_a_reason()
    {
        Assert.Contains("not an image format", _loader.Load("this is a colonoscopy report, not a frame"u8.ToArray()).Rejection!);
        Assert.Contains("empty", _loader.Load([]).Rejection!);
        var small = new FrameLoader(new FrameLoadOptions { MaxBytes = 100 });
        Assert.Contains("more than the 100 allowed", small.Load(Encode(".png", Disc(64, MatType.CV_8UC3, 0, 255))).Rejection!);
        Assert.Contains("not found", _loader.LoadFile("/nonexistent/frame.png").Rejection!);
    }

    [Fact]
    public void An_all_black_frame_gives_a_bounded_low_confidence_mask()
    {
        using var black = new Mat(96, 128, MatType.CV_8UC3, Scalar.All(0));
        using var frame = _loader.Load(Encode(".png", black)).Frame!;
        var proposal = _refiner.Refine(frame, new Box(30, 20, 90, 70), CancellationToken.None);
        Assert.InRange(proposal.Quality, 0, 0.5);
        Assert.True(proposal.Mask.Area <= 60 * 50, "nothing outside the box");
    }

    [Fact]
    public void A_box_outside_the_frame_gives_an_empty_mask_with_a_reason_and_a_box_across_the_edge_is_clipped()
    {
        using var disc = Disc(100, MatType.CV_8UC3, 40, 200);
        using var frame = _loader.Load(Encode(".png", disc)).Frame!;
        var outside = _refiner.Refine(frame, new Box(150, 150, 220, 260), CancellationToken.None);
        Assert.True(outside.Mask.IsEmpty);
        Assert.Equal(0, outside.Quality);
        Assert.Contains("outside the frame", outside.Note);

        var across = _refiner.Refine(frame, new Box(-40, -40, 60, 60), CancellationToken.None);
        Assert.Equal((100, 100), (across.Mask.Width, across.Mask.Height));
        var bounds = across.Mask.Bounds()!.Value;
        Assert.True(bounds.X1 <= 60 && bounds.Y1 <= 60);
    }
}
