using System.Globalization;
using System.Text.Json;
using EndoKED.Pipeline.Features.Demo.Generating;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Tests.Features.Demo;

/// <summary>One default-size demo, generated once for the class (about 10 s).</summary>
public sealed class DefaultDemoFixture
{
    public DemoSummary Summary { get; } = DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = TestPaths.NewTempDir("demo-default") });

    public IEnumerable<(string Centre, string ExamDir, JsonElement Truth)> Examinations()
    {
        foreach (var c in Summary.Centres)
            foreach (var dir in Directory.EnumerateDirectories(c.Directory).Order(StringComparer.Ordinal))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(c.GroundTruthDirectory, Path.GetFileName(dir), "truth.json")));
                yield return (c.Centre, dir, doc.RootElement.Clone());
            }
    }
}

public class DemoRecordsGeneratorTests(DefaultDemoFixture demo) : IClassFixture<DefaultDemoFixture>
{
    [Fact]
    public void The_default_demo_has_three_centres_at_least_60_examinations_and_400_frames()
    {
        Assert.Equal(["centre-a", "centre-b", "centre-c"], demo.Summary.Centres.Select(c => c.Centre));
        Assert.True(demo.Summary.Examinations >= 60, $"{demo.Summary.Examinations} examinations");
        Assert.True(demo.Summary.Frames >= 400, $"{demo.Summary.Frames} frames");
        var share = demo.Summary.Centres.Sum(c => c.PolypExaminations) / (double)demo.Summary.Examinations;
        Assert.InRange(share, 0.45, 0.75);
        Assert.True(demo.Summary.Centres.All(c => c.Patients < c.Examinations), "some patients come back for a second examination");
    }

    [Fact]
    public void Each_centre_writes_in_its_own_style_and_language()
    {
        foreach (var (centre, dir, _) in demo.Examinations())
        {
            var report = File.ReadAllText(Path.Combine(dir, "report.txt"));
            var hasChinese = report.Any(ch => ch is >= '\u4e00' and <= '\u9fff');
            Assert.Equal(centre == "centre-c", hasChinese);
            if (centre == "centre-b") Assert.Contains("Findings:\n-", report.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Masks_are_non_empty_exactly_on_the_frames_that_show_a_polyp_and_polyp_free_examinations_have_empty_masks()
    {
        foreach (var (centre, dir, truth) in demo.Examinations())
        {
            var gt = Path.Combine(demo.Summary.GroundTruthDirectory, centre, Path.GetFileName(dir));
            var shown = new HashSet<int>();
            foreach (var frame in truth.GetProperty("frames").EnumerateArray())
            {
                using var mask = Image.Load<L8>(Path.Combine(gt, frame.GetProperty("mask").GetString()!));
                var ids = frame.GetProperty("polyp_ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
                shown.UnionWith(ids);
                Assert.Equal(ids.Count > 0, CountForeground(mask) > 0);
                Assert.True(File.Exists(Path.Combine(dir, frame.GetProperty("file").GetString()!)));
            }
            var count = truth.GetProperty("polyp_count").GetInt32();
            Assert.Equal(count, truth.GetProperty("polyps").GetArrayLength());
            Assert.Equal(count, shown.Count); // every polyp of the report is shown on some frame, and no other
            Assert.Equal(count > 0, truth.GetProperty("polyp_present").GetBoolean());
        }
    }

    [Fact]
    public void Reports_state_the_size_of_every_polyp_of_the_truth()
    {
        foreach (var (_, dir, truth) in demo.Examinations())
        {
            var report = File.ReadAllText(Path.Combine(dir, "report.txt")).Replace(" ", "", StringComparison.Ordinal);
            foreach (var polyp in truth.GetProperty("polyps").EnumerateArray())
            {
                var mm = polyp.GetProperty("size_mm").GetInt32();
                var cm = (mm / 10.0).ToString("0.0#", CultureInfo.InvariantCulture);
                // "6 mm", "0.6 cm", or a "6 x 4 mm" pair whose first dimension is the size.
                string[] forms = [$"{mm}mm", $"{cm}cm", $"{mm}x", $"{cm}x"];
                Assert.True(forms.Any(f => report.Contains(f, StringComparison.Ordinal)),
                    $"{Path.GetFileName(dir)}: {mm} mm not stated in\n{report}");
            }
        }
    }

    [Fact]
    public void Frames_look_like_endoscopy_a_black_border_a_reddish_field_and_a_polyp_that_stands_out()
    {
        var (_, dir, truth) = demo.Examinations().First(e => e.Truth.GetProperty("polyp_present").GetBoolean());
        var frame = truth.GetProperty("frames").EnumerateArray().First(f => f.GetProperty("boxes").GetArrayLength() > 0);
        using var image = Image.Load<Rgb24>(Path.Combine(dir, frame.GetProperty("file").GetString()!));
        var corner = image[2, 2];
        Assert.True(corner.R + corner.G + corner.B < 40, "the corner outside the field is black");

        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = image.Height / 4; y < image.Height * 3 / 4; y++)
            for (var x = image.Width / 4; x < image.Width * 3 / 4; x++) { var p = image[x, y]; r += p.R; g += p.G; b += p.B; n++; }
        Assert.True(r / n > g / n && r / n > b / n, "the mucosa is reddish");

        var box = frame.GetProperty("boxes")[0].GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var inside = Mean(image, box[0], box[1], box[2], box[3]);
        var ring = Mean(image, box[0] - 12, box[1] - 12, box[2] + 12, box[3] + 12, exclude: box);
        Assert.True(Math.Abs(inside - ring) > 4, $"polyp {inside:0.0} vs surrounding ring {ring:0.0}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        string Run(int seed) => DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = TestPaths.NewTempDir("demo-seed"), Seed = seed, ExaminationsPerCentre = 3 }).OutputDirectory;
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(c));
    }

    [Fact]
    public void A_folder_holding_something_else_is_never_overwritten()
    {
        var dir = TestPaths.NewTempDir("demo-occupied");
        File.WriteAllText(Path.Combine(dir, "precious.txt"), "keep me");
        Assert.Throws<InvalidOperationException>(() => DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = dir, ExaminationsPerCentre = 1 }));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "precious.txt")));
    }

    private static string Fingerprint(string root) => string.Join('\n',
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + ":" + Pipeline.Infrastructure.Files.LocalFileStore.Hash(File.ReadAllBytes(f))));

    private static int CountForeground(Image<L8> mask)
    {
        var n = 0;
        for (var y = 0; y < mask.Height; y++)
            for (var x = 0; x < mask.Width; x++)
                if (mask[x, y].PackedValue > 127) n++;
        return n;
    }

    private static double Mean(Image<Rgb24> img, int x0, int y0, int x1, int y1, int[]? exclude = null)
    {
        double sum = 0;
        var n = 0;
        for (var y = Math.Max(0, y0); y < Math.Min(img.Height, y1); y++)
            for (var x = Math.Max(0, x0); x < Math.Min(img.Width, x1); x++)
            {
                if (exclude is not null && x >= exclude[0] && x < exclude[2] && y >= exclude[1] && y < exclude[3]) continue;
                var p = img[x, y];
                sum += (p.R + p.G + p.B) / 3.0;
                n++;
            }
        return sum / Math.Max(1, n);
    }
}
