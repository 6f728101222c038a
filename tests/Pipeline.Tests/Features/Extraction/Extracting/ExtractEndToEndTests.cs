using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Extracting;

/// <summary>The verb with the real rule-based extractor on a small mixed file.</summary>
public sealed class ExtractEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("endoked-extract-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_rules_verb_reads_english_and_chinese_reports_and_survives_bad_lines()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        var output = Path.Combine(_dir, "out.jsonl");
        var junk = new StringBuilder();
        for (var i = 0; i < 1_000_000; i++) junk.Append((char)('!' + (i * 7919 % 90)));
        await File.WriteAllLinesAsync(input,
        [
            Line("en-pos", "Two 3 mm polyps in the transverse colon, both removed by cold snare.", "Tubular adenoma (x2)."),
            "{\"id\": \"broken\", \"report\": ",
            Line("zh-neg", "检查所见：进镜至回盲部，全结肠黏膜未见明显异常，未见息肉。", ""),
            "[1, 2, 3]",
            Line("empty", "", null),
            Line("huge", junk.ToString(), null),
            Line("zh-pos", "退镜观察：乙状结肠见无蒂息肉1枚，约0.6cm，予冷圈套切除。", "（乙状结肠）增生性息肉。"),
        ]);

        var watch = Stopwatch.StartNew();
        var code = await new ExtractVerb(new RulesExtractor()).RunAsync(
            new CliArgs(["--input", input, "--output", output]), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        watch.Stop();

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["en-pos", null, "zh-neg", null, "empty", "huge", "zh-pos"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.True(lines[0].GetProperty("polyp_present").GetBoolean());
        Assert.Equal(2, lines[0].GetProperty("polyp_count").GetInt32());
        Assert.Equal(["adenoma"], lines[0].GetProperty("pathology").EnumerateArray().Select(p => p.GetString()));
        Assert.False(lines[2].GetProperty("polyp_present").GetBoolean());
        Assert.Equal(0, lines[2].GetProperty("polyp_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[4].GetProperty("polyp_present").ValueKind);
        Assert.Equal(1, lines[6].GetProperty("polyp_count").GetInt32());
        Assert.Equal("sigmoid", lines[6].GetProperty("polyps")[0].GetProperty("location").GetString());
        Assert.Equal(6, lines[6].GetProperty("polyps")[0].GetProperty("size_mm").GetDouble());
        Assert.Equal(["hyperplastic"], lines[6].GetProperty("pathology").EnumerateArray().Select(p => p.GetString()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    private static string Line(string id, string report, string? pathology) => JsonSerializer.Serialize(new { id, report, pathology });
}
