using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Tests.Features.Extraction;

/// <summary>One labelled report of the corpus and what the definitions say it contains.</summary>
public sealed record CorpusCase(
    string Id, string Style, string Report, string? Pathology,
    bool? Present, int? Count, IReadOnlySet<Segment> Segments, double? LargestSizeMm, IReadOnlySet<PathologyClass> PathologyClasses)
{
    /// <summary>The corpus files: copied beside the test assembly, or read from the source tree when they are not.</summary>
    public static IReadOnlyList<CorpusCase> Load(string file)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Features", "Extraction", "Corpus", file);
        var path = File.Exists(copied) ? copied : Path.Combine(TestPaths.RepoRoot, "tests", "Pipeline.Tests", "Features", "Extraction", "Corpus", file);
        return File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Parse).ToList();
    }

    public static IReadOnlyList<CorpusCase> All() => [.. Load("english.jsonl"), .. Load("chinese.jsonl")];

    private static CorpusCase Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        var e = r.GetProperty("expected");
        return new CorpusCase(
            r.GetProperty("id").GetString()!,
            r.GetProperty("style").GetString()!,
            r.GetProperty("report").GetString()!,
            r.TryGetProperty("pathology", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null,
            e.GetProperty("polyp_present").ValueKind == JsonValueKind.Null ? null : e.GetProperty("polyp_present").GetBoolean(),
            e.GetProperty("polyp_count").ValueKind == JsonValueKind.Null ? null : e.GetProperty("polyp_count").GetInt32(),
            e.GetProperty("segments").EnumerateArray().Select(x => Enum<Segment>(x.GetString()!)).ToHashSet(),
            e.GetProperty("largest_size_mm").ValueKind == JsonValueKind.Null ? null : e.GetProperty("largest_size_mm").GetDouble(),
            e.GetProperty("pathology").EnumerateArray().Select(x => Enum<PathologyClass>(x.GetString()!)).ToHashSet());
    }

    private static T Enum<T>(string name) where T : struct, System.Enum =>
        System.Enum.GetValues<T>().Single(v => FindingsJson.Name(v) == name);
}
