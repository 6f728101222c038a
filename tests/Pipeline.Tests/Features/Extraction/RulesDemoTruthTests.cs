using System.Globalization;
using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Rules;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Extraction;

/// <summary>
/// Scores the rules against the ground truth the demo generator writes (three hospital styles, one in Chinese).
/// The demo is generated afresh (small frames) with a seed of its own, so the reports are not the ones the rules were tuned on.
/// </summary>
public sealed class RulesDemoTruthTests(ITestOutputHelper output) : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "endoked-demo-truth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task The_rules_agree_with_the_demo_ground_truth()
    {
        EndoKED.Pipeline.Features.Demo.Generating.DemoRecordsGenerator.Generate(new EndoKED.Pipeline.Features.Demo.Generating.DemoOptions
        {
            OutputDirectory = root, Seed = 7919, ExaminationsPerCentre = 40, FrameWidth = 128, FrameHeight = 96,
        });
        var truthRoot = Path.Combine(root, "ground-truth");

        var rules = new RulesExtractor();
        double n = 0, presence = 0, count = 0, segments = 0, size = 0, pathology = 0;
        foreach (var truthFile in Directory.GetFiles(truthRoot, "truth.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // ground-truth/<centre>/<exam>/truth.json describes <centre>/<exam>/report.txt (+ pathology.txt).
            var examDir = Path.Combine(root, Path.GetRelativePath(truthRoot, Path.GetDirectoryName(truthFile)!));
            var reportFile = Path.Combine(examDir, "report.txt");
            if (!File.Exists(reportFile)) continue;
            var pathologyFile = Path.Combine(examDir, "pathology.txt");
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(truthFile));
            var t = doc.RootElement;
            var id = t.GetProperty("id").GetString()!;
            var found = await rules.ExtractAsync(new ReportInput(id, await File.ReadAllTextAsync(reportFile),
                File.Exists(pathologyFile) ? await File.ReadAllTextAsync(pathologyFile) : null), CancellationToken.None);

            var wantSegments = Strings(t.GetProperty("segments"));
            var gotSegments = found.Segments().Select(FindingsJson.Name).ToHashSet();
            var union = wantSegments.Union(gotSegments).Count();
            var jaccard = union == 0 ? 1 : (double)wantSegments.Intersect(gotSegments).Count() / union;
            var checks = new (string Field, double Score, string Want, string Got)[]
            {
                ("present", Bool(t, "polyp_present") == found.PolypPresent ? 1 : 0, $"{Bool(t, "polyp_present")}", $"{found.PolypPresent}"),
                ("count", Int(t, "polyp_count") == found.PolypCount ? 1 : 0, $"{Int(t, "polyp_count")}", $"{found.PolypCount}"),
                ("segments", jaccard, string.Join(",", wantSegments), string.Join(",", gotSegments)),
                ("size", Nullable.Equals(Double(t, "largest_size_mm"), found.LargestSizeMm()) ? 1 : 0, $"{Double(t, "largest_size_mm")}", $"{found.LargestSizeMm()}"),
                ("pathology", Strings(t.GetProperty("pathology")).SetEquals(found.Pathology.Select(FindingsJson.Name)) ? 1 : 0,
                    string.Join(",", Strings(t.GetProperty("pathology"))), string.Join(",", found.Pathology.Select(FindingsJson.Name))),
            };
            n++;
            presence += checks[0].Score;
            count += checks[1].Score;
            segments += checks[2].Score;
            size += checks[3].Score;
            pathology += checks[4].Score;
            foreach (var miss in checks.Where(c => c.Score < 1))
                output.WriteLine($"{id} {miss.Field}: want {miss.Want} got {miss.Got}");
        }

        Assert.True(n >= 100, $"the demo generator wrote only {n} reports");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"demo truth ({n} exams): presence {presence / n:F3}, count {count / n:F3}, segments {segments / n:F3}, largest size {size / n:F3}, pathology {pathology / n:F3}");
        output.WriteLine(line);
        Console.WriteLine($"[extraction-score] {line}");
        Assert.True(presence / n >= 0.97, line);
        Assert.True(count / n >= 0.90, line);
        Assert.True(segments / n >= 0.90, line);
        Assert.True(size / n >= 0.90, line);
        Assert.True(pathology / n >= 0.85, line);
    }

    private static HashSet<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToHashSet();

    private static bool? Bool(JsonElement o, string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetBoolean();

    private static int? Int(JsonElement o, string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetInt32();

    private static double? Double(JsonElement o, string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetDouble();
}
