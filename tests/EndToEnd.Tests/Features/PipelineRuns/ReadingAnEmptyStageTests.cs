using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.PipelineRuns;

/// <summary>
/// A run's page names the frame scorer it used and, for a stage whose scope was empty, says why and what to run first.
/// The run is appended as events: nothing needs to be scored.
/// </summary>
public class ReadingAnEmptyStageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_run_whose_segment_stage_had_no_kept_box_says_to_run_score_first_and_names_its_frame_scorer()
    {
        var (run, scorer, at) = (Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        await using (var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<PipelineRunView>(run,
                new PipelineRunRequested(run, ["centre-a"], ["score", "segment"], "rules", false, "admin", at,
                    FrameScorer: new FrameScorerChoice(scorer, "mil-head-v1+browser", "promoted")),
                new PipelineStageStarted(run, "score", 0, "admin", at), new PipelineStageCompleted(run, "score", "admin", at),
                new PipelineStageStarted(run, "segment", 0, "admin", at), new PipelineStageCompleted(run, "segment", "admin", at),
                new PipelineRunCompleted(run, "admin", at));
            await session.SaveChangesAsync();
        }

        var page = await fixture.SignedInPageAsync("browser-empty-stage-admin", Role.Admin);
        await page.GotoAsync($"/pipeline/{run}");

        await Assertions.Expect(page.GetByTestId("run-frame-scorer")).ToContainTextAsync("mil-head-v1+browser");
        await Assertions.Expect(page.GetByTestId("run-frame-scorer")).ToContainTextAsync("promoted");
        var segment = page.Locator("[data-testid=stage-progress][data-stage=segment]");
        await Assertions.Expect(segment.GetByTestId("stage-nothing-to-do")).ToContainTextAsync("segment: no kept box to refine: run score first");
        await Assertions.Expect(page.Locator("[data-testid=stage-progress][data-stage=score]").GetByTestId("stage-nothing-to-do"))
            .ToContainTextAsync("score: no examination with frames");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "pipeline-empty-stage.png"), FullPage = true });
    }
}
