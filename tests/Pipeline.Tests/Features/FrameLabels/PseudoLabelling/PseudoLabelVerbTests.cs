using System.Text.Json;
using EndoKED.Pipeline.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels.PseudoLabelling;

/// <summary>train mil, then pseudo-label on the frames a hospital export may hold: every frame gets a line, none stops the batch.</summary>
public sealed class PseudoLabelVerbTests
{
    private static readonly Lazy<string> Model = new(TrainTinyModel);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await EntryPoint.RunAsync(args, new CliConsole(o, e), CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Three examinations with disc frames against three without, threshold 0 so every frame is localised.</summary>
    private static string TrainTinyModel()
    {
        var root = TestPaths.NewTempDir("train-mil");
        for (var b = 0; b < 3; b++)
        {
            var pos = Directory.CreateDirectory(Path.Combine(root, "bags", "positive", $"exam{b}")).FullName;
            var neg = Directory.CreateDirectory(Path.Combine(root, "bags", "negative", $"exam{b}")).FullName;
            for (var f = 0; f < 2; f++)
            {
                SyntheticFrames.Write(pos, (b * 10) + f);
                File.WriteAllBytes(Path.Combine(neg, $"{f}.png"), TestFrames.Png(320, 240, seed: (b * 10) + f));
            }
        }
        var model = Path.Combine(root, "mil.onnx");
        var (code, stdout, stderr) = Run("train", "mil", "--bags", Path.Combine(root, "bags"), "--output", model, "--epochs", "5", "--threshold", "0")
            .GetAwaiter().GetResult();
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("3 positive and 3 negative bags", stdout);
        return model;
    }

    private static string BadFrames()
    {
        var dir = TestPaths.NewTempDir("pseudo-label-frames");
        SyntheticFrames.Write(dir, 3);
        using (var grey = new Image<L8>(200, 150))
        {
            for (var y = 0; y < 150; y++) for (var x = 0; x < 200; x++) grey[x, y] = new L8((byte)((x - 100) * (x - 100) + (y - 75) * (y - 75) < 900 ? 220 : 70));
            grey.SaveAsPng(Path.Combine(dir, "grey.png"));
        }
        using (var deep = new Image<Rgb48>(160, 120, new Rgb48(50000, 12000, 9000))) deep.SaveAsPng(Path.Combine(dir, "deep16.png"));
        using (var cmyk = new Image<Rgb24>(180, 120, new Rgb24(200, 60, 50)))
            cmyk.SaveAsJpeg(Path.Combine(dir, "cmyk.jpg"), new JpegEncoder { ColorType = JpegColorType.Cmyk, Quality = 90 });
        using (var tiny = new Image<Rgb24>(8, 8, new Rgb24(180, 80, 80))) tiny.SaveAsPng(Path.Combine(dir, "tiny8.png"));
        using (var black = new Image<Rgb24>(320, 240)) black.SaveAsPng(Path.Combine(dir, "black.png"));
        File.WriteAllBytes(Path.Combine(dir, "huge.png"), TestFrames.PngClaiming(30000, 30000));
        File.WriteAllText(Path.Combine(dir, "report.png"), "not an image at all");
        return dir;
    }

    [Fact]
    public async Task Every_frame_gets_a_label_line_or_its_own_error_line_and_masks_have_the_frame_size()
    {
        var images = BadFrames();
        var output = Path.Combine(TestPaths.NewTempDir("pseudo-label-out"), "out");

        var (code, stdout, stderr) = await Run("pseudo-label", "--images", images, "--output", output, "--model", Model.Value, "--refiner", "embedded");

        Assert.True(code == 1, stdout + stderr); // two frames could not be read
        Assert.Contains("6 of 8 frames labelled", stdout);
        var lines = (await File.ReadAllLinesAsync(Path.Combine(output, "pseudo-label.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("file").GetString()!);
        Assert.Equal(8, lines.Count);
        Assert.Contains("30000", lines["huge.png"].GetProperty("error").GetString());
        Assert.True(lines["report.png"].TryGetProperty("error", out _));
        foreach (var name in new[] { "synthetic-3.png", "grey.png", "deep16.png", "cmyk.jpg", "tiny8.png", "black.png" })
        {
            var line = lines[name];
            Assert.False(line.TryGetProperty("error", out _), name + ": " + line);
            Assert.InRange(line.GetProperty("probability").GetDouble(), 0, 1);
            Assert.True(line.GetProperty("polyp").GetBoolean(), "threshold 0: every frame is localised");
            var kept = line.TryGetProperty("box", out _);
            Assert.True(kept ^ line.TryGetProperty("rejection", out _), name + ": a box or a rejection, not both");
            Assert.False(string.IsNullOrWhiteSpace(line.GetProperty("reason").GetString()));
            // A refused box gets a mask only when the refiner drew one from the CAM's own region, and says so.
            var seeded = line.TryGetProperty("box_source", out var source) && source.GetString() == "cam-seeds";
            Assert.Equal(kept || seeded, line.TryGetProperty("mask", out var mask));
            if (seeded)
                Assert.Equal("TouchesBorder", line.GetProperty("rejection").GetString());
            if (kept || seeded)
            {
                var info = Image.Identify(Path.Combine(output, mask.GetString()!));
                var frame = Image.Identify(Path.Combine(images, name));
                Assert.Equal((frame.Width, frame.Height), (info.Width, info.Height));
                Assert.StartsWith("embedded:", line.GetProperty("refiner").GetString());
            }
        }
        Assert.Equal("TouchesBorder", lines["tiny8.png"].GetProperty("rejection").GetString());
    }

    [Fact]
    public async Task Without_a_model_the_verb_says_how_to_train_one()
    {
        var images = TestPaths.NewTempDir("pseudo-label-nomodel");

        var (code, _, stderr) = await Run("pseudo-label", "--images", images, "--output", Path.Combine(images, "out"), "--model", Path.Combine(images, "none.onnx"));

        Assert.Equal(1, code);
        Assert.Contains("train mil", stderr);
    }

    [Fact]
    public async Task Train_help_documents_the_bags_layouts_and_a_missing_target_is_bad_usage()
    {
        var (help, stdout, _) = await Run("train", "--help");
        var (bad, _, stderr) = await Run("train", "--bags", "x", "--output", "y");

        Assert.Equal(0, help);
        Assert.Contains("positive/<exam>", stdout);
        Assert.Contains("bag,label,image", stdout);
        Assert.Equal(2, bad);
        Assert.Contains("mil", stderr);
    }
}
