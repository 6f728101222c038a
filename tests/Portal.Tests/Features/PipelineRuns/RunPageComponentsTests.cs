using Bunit;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Portal.Features.PipelineRuns;
using EndoKED.Shared.Events;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.PipelineRuns;

/// <summary>The pipeline run page's parts: the frame scorer a run uses, and a stage that had nothing to do says why.</summary>
public sealed class RunPageComponentsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private const string NoBox = "no kept box to refine: run score first (or every box was refused: see the frames' reasons).";


    private static StageProgress Progress(int total, bool completed) =>
        new("segment", total, completed ? total : 0, completed ? total : 0, 0, 1, completed, [], [], At, completed ? At : null);

    [Fact]
    public async Task A_completed_stage_with_an_empty_scope_says_why_and_what_to_do_first()
    {
        await using var ctx = MudBunit.Context();

        var empty = ctx.Render<StageCard>(p => p.Add(x => x.Stage, "segment").Add(x => x.Progress, Progress(0, true)).Add(x => x.NothingToDo, NoBox));

        Assert.Equal($"segment: {NoBox}", empty.Find("[data-testid=stage-nothing-to-do]").TextContent.Trim());
        Assert.Contains("0 / 0", empty.Find("[data-testid=stage-figures]").TextContent);
    }

    [Fact]
    public async Task A_stage_with_work_or_still_starting_shows_no_nothing_to_do_notice()
    {
        await using var ctx = MudBunit.Context();

        var busy = ctx.Render<StageCard>(p => p.Add(x => x.Stage, "segment").Add(x => x.Progress, Progress(4, true)).Add(x => x.NothingToDo, NoBox));
        var waiting = ctx.Render<StageCard>(p => p.Add(x => x.Stage, "segment").Add(x => x.Progress, (StageProgress?)null).Add(x => x.NothingToDo, NoBox));
        var counting = ctx.Render<StageCard>(p => p.Add(x => x.Stage, "segment").Add(x => x.Progress, Progress(0, false)).Add(x => x.NothingToDo, NoBox));

        Assert.Empty(busy.FindAll("[data-testid=stage-nothing-to-do]"));
        Assert.Empty(waiting.FindAll("[data-testid=stage-nothing-to-do]"));
        Assert.Empty(counting.FindAll("[data-testid=stage-nothing-to-do]"));
        Assert.Equal("waiting", waiting.Find("[data-testid=stage-figures]").TextContent);
    }

    [Theory]
    [InlineData("promoted", "promoted: the frame scorer in force")]
    [InlineData("override", "override: the deployment's configured file")]
    public async Task A_run_names_its_frame_scorer_and_where_it_came_from(string source, string words)
    {
        await using var ctx = MudBunit.Context();

        var line = ctx.Render<RunFrameScorer>(p => p.Add(x => x.Choice, new FrameScorerChoice(Guid.NewGuid(), "mil-head-v2+abc", source)));

        var text = line.Find("[data-testid=run-frame-scorer]");
        Assert.Contains("mil-head-v2+abc", text.TextContent);
        Assert.Contains(words, text.TextContent);
        Assert.Equal(source, text.GetAttribute("data-source"));
    }
}
