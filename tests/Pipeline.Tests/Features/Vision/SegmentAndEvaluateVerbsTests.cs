using System.Text.Json;
using EndoKED.Pipeline.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.Vision;

public class SegmentAndEvaluateVerbsTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await EntryPoint.RunAsync(args, new CliConsole(o, e), CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Segment_writes_a_mask_per_frame_and_reports_a_bad_frame_without_stopping()
    {
        var dir = TestPaths.NewTempDir("segment");
        var images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        using (var frame = new Image<Rgb24>(120, 90, new Rgb24(170, 80, 80)))
        {
            for (var y = 30; y < 60; y++)
                for (var x = 40; x < 80; x++)
                    if (Math.Pow((x - 60) / 20.0, 2) + Math.Pow((y - 45) / 15.0, 2) <= 1) frame[x, y] = new Rgb24(230, 170, 160);
            await frame.SaveAsPngAsync(Path.Combine(images, "good.png"));
        }
        await File.WriteAllTextAsync(Path.Combine(images, "bad.png"), "not an image");
        var boxes = Path.Combine(dir, "boxes.json");
        await File.WriteAllTextAsync(boxes, """{"good.png": [36, 26, 84, 64], "bad.png": [0, 0, 10, 10]}""");
        var output = Path.Combine(dir, "out");

        var (code, stdout, _) = await Run("segment", "--images", images, "--boxes", boxes, "--output", output);

        Assert.Equal(1, code);
        Assert.Contains("1 of 2 frames segmented", stdout);
        using var mask = Image.Load<L8>(Path.Combine(output, "good.png"));
        Assert.Equal((120, 90), (mask.Width, mask.Height));
        Assert.Equal(255, mask[60, 45].PackedValue);
        Assert.Equal(0, mask[5, 5].PackedValue);
        var lines = (await File.ReadAllLinesAsync(Path.Combine(output, "segment.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("file").GetString() == "bad.png" && l.TryGetProperty("error", out _));
        Assert.Contains(lines, l => l.GetProperty("file").GetString() == "good.png" && l.GetProperty("refiner").GetString() == "embedded");
    }

    [Fact]
    public async Task Sam_without_a_configured_model_is_a_clear_failure()
    {
        var dir = TestPaths.NewTempDir("segment-sam");
        await File.WriteAllTextAsync(Path.Combine(dir, "b.json"), "{}");
        var (code, _, err) = await Run("segment", "--images", dir, "--boxes", Path.Combine(dir, "b.json"), "--output", dir, "--refiner", "sam");
        Assert.Equal(1, code);
        Assert.Contains("no SAM", err);
    }

    [Fact]
    public async Task Evaluate_masks_scores_by_stem_with_empty_pairs_scoring_dice_1()
    {
        var dir = TestPaths.NewTempDir("evaluate");
        var gold = Directory.CreateDirectory(Path.Combine(dir, "gold")).FullName;
        var pred = Directory.CreateDirectory(Path.Combine(dir, "pred")).FullName;
        void Mask(string path, int x0, int x1)
        {
            using var m = new Image<L8>(10, 10);
            for (var y = 0; y < 10; y++) for (var x = x0; x < x1; x++) m[x, y] = new L8(255);
            m.SaveAsPng(path);
        }
        Mask(Path.Combine(gold, "a.png"), 0, 4);  // 40 px
        Mask(Path.Combine(pred, "a.png"), 2, 6);  // 40 px, 20 shared: Dice 0.5
        Mask(Path.Combine(gold, "b.png"), 0, 0);  // empty
        Mask(Path.Combine(pred, "b.png"), 0, 0);  // empty: Dice 1
        var report = Path.Combine(dir, "scores.json");

        var (code, stdout, _) = await Run("evaluate-masks", "--pred", pred, "--gold", gold, "--output", report);

        Assert.Equal(0, code);
        Assert.Contains("Dice 0.7500", stdout);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        Assert.Equal(0.5, json.RootElement.GetProperty("images")[0].GetProperty("dice").GetDouble(), 6);
        Assert.Equal(1.0, json.RootElement.GetProperty("images")[1].GetProperty("dice").GetDouble(), 6);
    }
}
