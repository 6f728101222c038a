using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;
using EndoKED.Pipeline.Features.Vision.Verbs;
using OpenCvSharp;

namespace EndoKED.Pipeline.Tests.Features.Vision.Refining.Sam;

public sealed class SamRefinerTests
{
    private static readonly SamOptions Tiny = TinySam.Write(TestPaths.NewTempDir("tiny-sam"));

    /// <summary>A uniform frame of one colour (BGR 80, 90, 200): the expected mean embedding can be computed by hand.</summary>
    private static FrameImage Uniform(int width, int height) =>
        FrameImage.FromBgr(new Mat(height, width, MatType.CV_8UC3, new Scalar(80, 90, 200)));

    /// <summary>sigmoid of the mean normalised colour over the padded 1024x1024 input.</summary>
    private static double ExpectedIou(int width, int height)
    {
        var geometry = SamImage.For(width, height);
        var normalised = ((200 - 123.675) / 58.395 + (90 - 116.28) / 57.12 + (80 - 103.53) / 57.375) / 3;
        var mean = normalised * geometry.ResizedWidth * geometry.ResizedHeight / (1024.0 * 1024.0);
        return 1 / (1 + Math.Exp(-mean));
    }

    [Theory]
    [InlineData(640, 360, 100, 60, 300, 200)]
    [InlineData(300, 500, 50, 120, 250, 400)]
    public void The_mask_lands_on_the_box_at_the_frame_scale_of_a_non_square_frame(int width, int height, int x0, int y0, int x1, int y1)
    {
        using var sam = new SamRefiner(Tiny);
        using var frame = Uniform(width, height);

        var proposal = sam.Refine(frame, new Box(x0, y0, x1, y1), CancellationToken.None);

        Assert.Equal((width, height), (proposal.Mask.Width, proposal.Mask.Height));
        var b = proposal.Mask.Bounds()!.Value;
        Assert.InRange(b.X0, x0 - 1, x0 + 1);
        Assert.InRange(b.Y0, y0 - 1, y0 + 1);
        Assert.InRange(b.X1, x1 - 1, x1 + 1);
        Assert.InRange(b.Y1, y1 - 1, y1 + 1);
        Assert.InRange(proposal.Mask.Area, 0.97 * (x1 - x0) * (y1 - y0), 1.03 * (x1 - x0) * (y1 - y0));
        Assert.Equal(ExpectedIou(width, height), proposal.Quality, 4);
        Assert.Equal("sam", proposal.Refiner);
        Assert.Matches("^sam:[0-9a-f]{10}\\+[0-9a-f]{10}$", proposal.Provenance);
    }

    [Fact]
    public void An_encoder_whose_image_input_is_called_input_image_works_the_same()
    {
        var options = TinySam.Write(TestPaths.NewTempDir("tiny-sam-named"), imageInput: "input_image");
        using var sam = new SamRefiner(options);
        using var frame = Uniform(200, 120);

        var proposal = sam.Refine(frame, new Box(40, 30, 120, 90), CancellationToken.None);

        Assert.Equal((40, 30, 120, 90), proposal.Mask.Bounds()!.Value);
    }

    [Fact]
    public void A_box_outside_the_frame_gives_an_empty_mask_and_says_so()
    {
        using var sam = new SamRefiner(Tiny);
        using var frame = Uniform(100, 80);

        var proposal = sam.Refine(frame, new Box(150, 90, 200, 120), CancellationToken.None);

        Assert.True(proposal.Mask.IsEmpty);
        Assert.Equal(0, proposal.Quality);
        Assert.Contains("outside", proposal.Note);
    }

    [Fact]
    public void Auto_uses_sam_when_its_files_exist_and_the_embedded_refiner_otherwise()
    {
        using var auto = RefinerSelector.Select("auto", Tiny, out _) as IDisposable;
        var missing = new SamOptions { EncoderPath = "/nonexistent/enc.onnx", DecoderPath = "/nonexistent/dec.onnx" };

        Assert.IsType<SamRefiner>(auto);
        Assert.IsType<EmbeddedRefiner>(RefinerSelector.Select("auto", missing, out _));
        Assert.Null(RefinerSelector.Select("sam", missing, out var error));
        Assert.Contains("/nonexistent/enc.onnx", error);
        Assert.Null(RefinerSelector.Select("sam", new SamOptions(), out error));
        Assert.Contains("no SAM", error);
    }

    [Fact]
    public async Task The_segment_verb_with_refiner_sam_writes_the_box_mask_and_sam_provenance()
    {
        var dir = TestPaths.NewTempDir("segment-tiny-sam");
        var images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        using (var frame = Uniform(320, 240)) Cv2.ImWrite(Path.Combine(images, "f.png"), frame.Bgr);
        await File.WriteAllTextAsync(Path.Combine(dir, "boxes.json"), """{"f.png": [40, 50, 200, 150]}""");
        var output = Path.Combine(dir, "out");
        var verb = new SegmentVerb(() => Tiny);
        var (o, e) = (new StringWriter(), new StringWriter());

        var code = await verb.RunAsync(new CliArgs(["--images", images, "--boxes", Path.Combine(dir, "boxes.json"), "--output", output, "--refiner", "sam"]),
            new CliConsole(o, e), CancellationToken.None);

        Assert.Equal(0, code);
        using var mask = Cv2.ImRead(Path.Combine(output, "f.png"), ImreadModes.Grayscale);
        Assert.Equal(255, mask.At<byte>(100, 120));
        Assert.Equal(0, mask.At<byte>(20, 20));
        var line = JsonDocument.Parse((await File.ReadAllLinesAsync(Path.Combine(output, "segment.jsonl")))[0]).RootElement;
        Assert.StartsWith("sam:", line.GetProperty("provenance").GetString());
    }
}
