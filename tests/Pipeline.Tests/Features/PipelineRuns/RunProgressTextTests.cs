using System.Text.Json;
using EndoKED.Pipeline.Features.PipelineRuns.Watching;

namespace EndoKED.Pipeline.Tests.Features.PipelineRuns;

public class RunProgressTextTests
{
    [Fact]
    public void Each_stage_gets_a_bar_with_its_counts_rate_and_eta_and_a_stage_not_started_waits()
    {
        using var doc = JsonDocument.Parse("""
            {"id": "0192a3b4-0000-7000-8000-000000000000", "status": "Running", "stages": ["extract", "score"], "failureReason": null,
             "progress": [{"stage": "extract", "total": 40, "position": 10, "done": 9, "failed": 1, "completed": false,
                           "itemsPerSecond": 2.5, "fraction": 0.25, "etaSeconds": 12}]}
            """);

        var lines = RunProgressText.Lines(doc.RootElement);

        Assert.Equal("run 0192a3b4 running", lines[0]);
        Assert.Equal("  extract  [######------------------] 10/40  1 failed  2.5/s  ETA 0:00:12", lines[1]);
        Assert.Equal("  score    waiting", lines[2]);
        Assert.False(RunProgressText.IsFinished(doc.RootElement));
    }

    [Fact]
    public void A_failed_run_says_why_and_counts_as_finished()
    {
        using var doc = JsonDocument.Parse("""
            {"id": "0192a3b4-0000-7000-8000-000000000000", "status": "Failed", "stages": ["score"], "failureReason": "No MIL model.",
             "progress": []}
            """);

        var lines = RunProgressText.Lines(doc.RootElement);

        Assert.Equal("  failed: No MIL model.", lines[^1]);
        Assert.True(RunProgressText.IsFinished(doc.RootElement));
    }
}
