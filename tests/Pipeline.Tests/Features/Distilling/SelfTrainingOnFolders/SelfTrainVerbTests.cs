using System.Security.Cryptography;
using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Tests.Features.FrameLabels;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTrainingOnFolders;

/// <summary>
/// self-train on real frames, read in place from the shared data (linked into a temporary folder, never copied), with
/// the MIL head the frame-label tests train on the sequence split: held-out polyp frames, held-out polyp-free frames and
/// one file that is not an image, two student rounds.
/// </summary>
[Collection(PolypDataCollection.Name)]
public sealed class SelfTrainVerbTests(PolypFeaturesFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 2;

    // Six or so round-0 masks are two batches an epoch: 20 epochs (the default, meant for folders of frames) left the
    // student's regions over 35 % of the frame in a trial run; 40 gave most polyp frames a student box.

    [SkippableFact]
    public async Task Every_round_writes_masks_and_lines_with_provenance_and_no_frame_loses_its_mask()
    {
        var trained = fixture.GetTrained();
        var images = Frames(trained.Split.HeldOut);
        var outDir = Path.Combine(TestPaths.NewTempDir("self-train-out"), "out");

        var (code, stdout, stderr) = await SelfTrainCli.Run("self-train", "--images", images, "--output", outDir, "--mil", trained.ModelPath,
            "--rounds", $"{Rounds}", "--epochs", "40", "--refiner", "embedded");
        output.WriteLine(stdout + stderr);

        Assert.True(code == 1, stdout + stderr); // the one unreadable file
        var rounds = Enumerable.Range(0, Rounds + 1).Select(r => Lines(outDir, r)).ToList();
        var files = rounds[0].Keys.ToList();
        Assert.Equal(Directory.GetFiles(images).Length, files.Count);
        Assert.True(rounds[0].Values.Any(l => Mask(l) is not null && l.GetProperty("polyp").GetBoolean()),
            "round 0 gave no polyp frame a mask: nothing for the student to learn from");
        foreach (var (lines, r) in rounds.Select((l, r) => (l, r)))
        {
            Assert.Equal(files.Order(), lines.Keys.Order());
            Assert.Contains($"round {r}: ", stdout);
            Assert.False(string.IsNullOrWhiteSpace(lines["broken.png"].GetProperty("error").GetString()), $"round {r}: broken.png has no error");
            foreach (var (file, line) in lines.Where(l => l.Key != "broken.png"))
            {
                Assert.False(line.TryGetProperty("error", out _), $"round {r} {file}: {line}");
                Assert.Equal(r, line.GetProperty("round").GetInt32());
                var source = line.GetProperty("box_source").GetString()!;
                if (r == 0) Assert.True(source == "cam" || (source == "cam-seeds" && Mask(line) is not null && !line.TryGetProperty("box", out _)),
                    $"round 0 {file}: box_source {source}");
                else Assert.True(source == "student" || Kept(source) < r, $"round {r} {file}: box_source {source}");
                if (Mask(line) is { } mask) Assert.True(File.Exists(Path.Combine(outDir, $"round-{r}", mask)), $"round {r} {file}: {mask} missing");
                if (r == 0) continue;

                var studentFile = Path.Combine(outDir, $"round-{r}", "student", "model.onnx");
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(studentFile))), line.GetProperty("student_sha256").GetString());
                var before = rounds[r - 1][file];
                if (Mask(before) is not null)
                    Assert.True(Mask(line) is not null, $"{file} had a mask in round {r - 1} and has none in round {r}");
                if (source == "student")
                {
                    Assert.True(line.GetProperty("polyp").GetBoolean(), $"{file}: the student proposed for a polyp-free frame");
                    Assert.Equal(4, line.GetProperty("box").GetArrayLength());
                    Assert.InRange(line.GetProperty("quality").GetDouble(), 0.5, 1);
                    Assert.StartsWith("embedded:", line.GetProperty("refiner").GetString());
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(line.GetProperty("student_outcome").GetString()));
                    Assert.Equal(Mask(before), Mask(line));
                    if (Mask(line) is { } kept)
                        Assert.True(SameMask(Path.Combine(outDir, $"round-{r - 1}", kept), Path.Combine(outDir, $"round-{r}", kept)), $"{file}: kept mask changed");
                    Assert.Equal(before.GetProperty("box_source").GetString() == "student" ? r - 1 : Kept(before.GetProperty("box_source").GetString()!) ?? 0,
                        Kept(source));
                }
            }
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "self-train.json")));
        var summaries = report.RootElement.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(Rounds + 1, summaries.Count);
        for (var r = 0; r <= Rounds; r++)
        {
            var s = summaries[r];
            Assert.Equal(rounds[r].Values.Count(l => l.TryGetProperty("polyp", out var p) && p.GetBoolean() && Mask(l) is not null), s.GetProperty("polyp_masks").GetInt32());
            if (r == 0) continue;
            Assert.Equal(rounds[r].Values.Count(l => l.TryGetProperty("box_source", out var b) && b.GetString() == "student"), s.GetProperty("from_student").GetInt32());
            Assert.True(s.GetProperty("train_loss").GetDouble() is > 0 and < 5);
            Assert.True(s.GetProperty("polyp_masks").GetInt32() >= summaries[r - 1].GetProperty("polyp_masks").GetInt32());
        }
        Assert.True(summaries.Skip(1).Sum(s => s.GetProperty("from_student").GetInt32()) > 0,
            "no student box gave a mask in any round: the student's path went untested");
        Assert.Contains("student model", stdout); // the table's header
    }

    /// <summary>Twelve held-out polyp frames and the four held-out polyp-free frames, linked, plus a file that is not an image.</summary>
    private static string Frames(IReadOnlyList<PolypFeaturesFixture.Frame> heldOut)
    {
        var dir = TestPaths.NewTempDir("self-train-frames");
        var polyp = heldOut.Where(f => f.Entry.Dataset == "cvc-clinicdb").Where((_, i) => i % 4 == 0).Take(12);
        var free = heldOut.Where(f => f.Entry.Dataset == "neg-hyperkvasir-uc");
        foreach (var f in polyp.Concat(free))
            File.CreateSymbolicLink(Path.Combine(dir, $"{f.Entry.Dataset}-{Path.GetFileName(f.ImagePath)}"), f.ImagePath);
        File.WriteAllText(Path.Combine(dir, "broken.png"), "not an image at all");
        return dir;
    }

    private static Dictionary<string, JsonElement> Lines(string outDir, int round) =>
        File.ReadAllLines(Path.Combine(outDir, $"round-{round}", "pseudo-label.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("file").GetString()!);

    private static string? Mask(JsonElement line) => line.TryGetProperty("mask", out var m) ? m.GetString() : null;

    /// <summary>k of "kept-from-round-k", null for any other source.</summary>
    private static int? Kept(string source) =>
        source.StartsWith("kept-from-round-", StringComparison.Ordinal) ? int.Parse(source["kept-from-round-".Length..], System.Globalization.CultureInfo.InvariantCulture) : null;

    private static bool SameMask(string a, string b)
    {
        var loader = new FrameLoader();
        return loader.LoadMask(a).Mask is { } x && x.Equals(loader.LoadMask(b).Mask);
    }
}

/// <summary>The verb's answers to what a user gets wrong, no model or data needed.</summary>
public sealed class SelfTrainUsageTests
{
    [Fact]
    public async Task A_missing_mil_head_or_an_empty_folder_says_what_to_do_and_bad_options_are_bad_usage()
    {
        var empty = TestPaths.NewTempDir("self-train-empty");
        var withFrame = TestPaths.NewTempDir("self-train-one");
        File.WriteAllBytes(Path.Combine(withFrame, "a.png"), TestFrames.Png(64, 48, seed: 1));
        var missing = Path.Combine(empty, "none.onnx");

        var noFrames = await SelfTrainCli.Run("self-train", "--images", empty, "--output", Path.Combine(empty, "out"), "--mil", missing);
        var noModel = await SelfTrainCli.Run("self-train", "--images", withFrame, "--output", Path.Combine(withFrame, "out"), "--mil", missing);
        var badRounds = await SelfTrainCli.Run("self-train", "--images", withFrame, "--output", "x", "--rounds", "-1");
        var badSize = await SelfTrainCli.Run("self-train", "--images", withFrame, "--output", "x", "--size", "48");
        var help = await SelfTrainCli.Run("self-train", "--help");

        Assert.Equal(1, noFrames.Code);
        Assert.Contains("no frames", noFrames.Err);
        Assert.Contains("--images", noFrames.Err);
        Assert.Equal(1, noModel.Code);
        Assert.Contains("--mil", noModel.Err);
        Assert.Contains("./endoked train mil", noModel.Err);
        Assert.False(Directory.Exists(Path.Combine(withFrame, "out")), "nothing is written without a MIL head");
        Assert.Equal(2, badRounds.Code);
        Assert.Contains("--rounds", badRounds.Err);
        Assert.Equal(2, badSize.Code);
        Assert.Contains("--size", badSize.Err);
        Assert.Equal(0, help.Code);
        Assert.Contains("kept-from-round-<k>", help.Out);
    }
}

internal static class SelfTrainCli
{
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await EntryPoint.RunAsync(args, new CliConsole(o, e), CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }
}
