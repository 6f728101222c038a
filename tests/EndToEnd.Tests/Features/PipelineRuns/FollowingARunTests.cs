using EndoKED.Pipeline.Features.Demo.Generating;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.PipelineRuns;

public class FollowingARunTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_starts_a_run_on_the_demo_data_and_watches_it_complete_without_reloading()
    {
        var root = TestPaths.NewTempDir("e2e-run-demo");
        var demo = DemoRecordsGenerator.Generate(new DemoOptions
        {
            OutputDirectory = root, Seed = 77, ExaminationsPerCentre = 8, FrameWidth = 128, FrameHeight = 96,
            MinFramesPerExamination = 4, MaxFramesPerExamination = 4,
        });
        var centres = demo.Centres.Select(c => c.Centre).ToList();
        foreach (var centre in centres)
            await fixture.Portal.IngestAsync(Path.Combine(root, centre), centre);

        var page = await fixture.SignedInPageAsync("e2e-run-admin", Shared.Role.Admin);
        await page.GotoAsync("/pipeline");
        await page.GetByTestId("start-run").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("run-centre")).ToHaveCountAsync(centres.Count);
        // No student promoted: one proposer, said in words, not two choices that read the same.
        await Assertions.Expect(page.GetByTestId("proposer-current")).ToContainTextAsync("no student is promoted yet");
        await Assertions.Expect(page.GetByTestId("proposer-refiner")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "pipeline-start.png"), FullPage = true });
        await page.GetByTestId("start-run-button").ClickAsync();

        await page.WaitForURLAsync("**/pipeline/*");
        // Marks this document: a reload would lose it, so it proves the progress arrived live.
        await page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");
        var extract = page.Locator("[data-testid=stage-progress][data-stage=extract]");
        await extract.WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=stage-progress][data-completed=true][data-stage=extract]"))
            .ToHaveCountAsync(1, new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Assertions.Expect(extract.GetByTestId("stage-figures")).ToContainTextAsync($"{8 * centres.Count} / {8 * centres.Count}");
        await Assertions.Expect(extract.GetByTestId("stage-figures")).ToContainTextAsync("0 failed");
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        await Assertions.Expect(extract.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
        await page.WaitForTimeoutAsync(1000); // the bar's width animates: let it arrive before the picture
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "pipeline-run.png"), FullPage = true });

        // The centre dashboards read projections the async daemon keeps: the run's reports appear there.
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("centre-id")).ToHaveCountAsync(centres.Count, new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "dashboard-after-run.png"), FullPage = true });
    }
}
