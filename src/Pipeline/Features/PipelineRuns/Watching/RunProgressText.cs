using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EndoKED.Pipeline.Features.PipelineRuns.Watching;

/// <summary>A pipeline run (the JSON of <c>GET /api/pipeline-runs/{id}</c>) as terminal lines: one per stage with a bar.</summary>
public static class RunProgressText
{
    public const int BarWidth = 24;

    public static IReadOnlyList<string> Lines(JsonElement run)
    {
        var status = run.GetProperty("status").GetString() ?? "";
        var lines = new List<string> { $"run {run.GetProperty("id").GetString()?[..8]} {status.ToLowerInvariant()}" };
        var progress = run.GetProperty("progress").EnumerateArray().ToDictionary(p => p.GetProperty("stage").GetString() ?? "");
        foreach (var stage in run.GetProperty("stages").EnumerateArray().Select(s => s.GetString() ?? ""))
            lines.Add(progress.TryGetValue(stage, out var p) ? StageLine(stage, p) : $"  {stage,-8} waiting");
        if (run.TryGetProperty("failureReason", out var reason) && reason.ValueKind == JsonValueKind.String)
            lines.Add($"  failed: {reason.GetString()}");
        return lines;
    }

    private static string StageLine(string stage, JsonElement p)
    {
        var fraction = p.GetProperty("fraction").GetDouble();
        var filled = (int)Math.Round(fraction * BarWidth);
        var bar = new StringBuilder().Append('#', filled).Append('-', BarWidth - filled).ToString();
        var eta = p.TryGetProperty("etaSeconds", out var e) && e.ValueKind == JsonValueKind.Number && !p.GetProperty("completed").GetBoolean()
            ? $"  ETA {TimeSpan.FromSeconds(Math.Round(e.GetDouble())).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {stage,-8} [{bar}] {p.GetProperty("position").GetInt32()}/{p.GetProperty("total").GetInt32()}  " +
            $"{p.GetProperty("failed").GetInt32()} failed  {p.GetProperty("itemsPerSecond").GetDouble():0.0}/s{eta}{(p.GetProperty("completed").GetBoolean() ? "  done" : "")}");
    }

    public static bool IsFinished(JsonElement run) => run.GetProperty("status").GetString() is "Completed" or "Cancelled" or "Failed";
}
