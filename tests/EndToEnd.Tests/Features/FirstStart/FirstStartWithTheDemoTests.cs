using EndoKED.Pipeline.Features.DemoSeeding;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.FirstStart;

/// <summary>Runs alone: the whole chain trains two models and runs the pipeline twice on the two cores.</summary>
[CollectionDefinition(nameof(FirstStartWithTheDemoTests), DisableParallelization = true)]
public sealed class FirstStartCollection;

/// <summary>
/// A first start with the demo, as an admin sees it: the chain runs by itself (frame scorer trained from the report
/// labels and promoted, then extract, score, segment on every centre), and the admin takes it on to a student that
/// proposes the next run's masks, all in the browser.
/// </summary>
[Collection(nameof(FirstStartWithTheDemoTests))]
public sealed class FirstStartWithTheDemoTests
{
    /// <summary>The real portal with the demo seeded on start (8 examinations per centre, to keep the suite short).</summary>
    private sealed class DemoPortal : PortalFactory
    {
        protected override bool UseRealPort => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:SeedDemo", "true");
            builder.UseSetting("EndoKED:DemoExaminationsPerCentre", "8");
        }
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    [Fact]
    public async Task The_demo_chain_runs_by_itself_and_the_admin_takes_it_to_a_student_that_proposes_the_next_runs_masks()
    {
        using var portal = new DemoPortal();
        portal.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);
        var page = await BrowserFixture.SignInAsync(browser, portal, "e2e-first-admin", Shared.Role.Admin);

        // The Pipeline page follows the bootstrap by itself: the frame scorer trains, then the run appears and completes.
        await page.GotoAsync("/pipeline");
        await page.GetByTestId("start-run").WaitForAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");
        var bootstrap = page.GetByTestId("runs").Locator("tr", new() { HasText = DemoBootstrap.Actor });
        await Assertions.Expect(bootstrap).ToHaveCountAsync(1, new() { Timeout = 300_000 });
        await page.ScreenshotAsync(new() { Path = Shot("first-start-pipeline-bootstrap.png"), FullPage = true });
        await Assertions.Expect(bootstrap.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 300_000 });
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        await Assertions.Expect(page.GetByTestId("frame-scorer")).ToContainTextAsync("promoted frame scorer");
        await Assertions.Expect(page.GetByTestId("run-centre")).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Shot("first-start-pipeline-done.png"), FullPage = true });

        // Its masks wait in the masks queue, and the dashboard shows frame figures.
        await page.GotoAsync("/review?tab=masks");
        await Assertions.Expect(page.Locator("[data-testid=queue-row]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Shot("first-start-masks-queue.png"), FullPage = true });
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("centre-id")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Shot("first-start-dashboard.png"), FullPage = true });

        // A split of machine masks, drafted and frozen.
        await page.GotoAsync("/splits");
        await page.GetByTestId("draft-button").ClickAsync();
        await page.GetByTestId("freeze-split").ClickAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("split-state")).ToContainTextAsync("frozen");

        // A 2-epoch student at 128 px, trained and registered.
        await page.GotoAsync("/training");
        await page.GetByTestId("launch-training").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Shot("first-start-training-form.png"), FullPage = true });
        // MudBlazor puts the test id on the input itself; Tab commits the value as a reader's next field would.
        await page.GetByTestId("training-epochs").FillAsync("2");
        await page.GetByTestId("training-epochs").PressAsync("Tab");
        await page.GetByTestId("training-size").FillAsync("128");
        await page.GetByTestId("training-size").PressAsync("Tab");
        await page.GetByTestId("launch-button").ClickAsync();
        await page.WaitForURLAsync("**/training/*");
        await page.GetByTestId("run-summary").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("training-status")).ToHaveTextAsync("completed", new() { Timeout = 600_000 });

        // Promoted on Models: the next run's segment stage proposes its masks.
        await page.GotoAsync("/models");
        var student = page.GetByTestId("model").Filter(new() { Has = page.Locator("[data-testid=model-kind]", new() { HasText = "student" }) });
        await student.GetByTestId("promote").ClickAsync();
        await Assertions.Expect(student).ToHaveAttributeAsync("data-current", "true");

        await page.GotoAsync("/pipeline");
        await page.GetByTestId("start-run-button").ClickAsync();
        await page.WaitForURLAsync("**/pipeline/*");
        // The address changes before the run page replaces the list (whose bootstrap row is completed): wait for the run page.
        var segment = page.Locator("[data-testid=stage-progress][data-stage=segment]");
        await segment.WaitForAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 300_000 });
        await page.ScreenshotAsync(new() { Path = Shot("first-start-second-run.png"), FullPage = true });
        await Assertions.Expect(segment.GetByTestId("stage-figures")).ToContainTextAsync("0 failed");

        var store = portal.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var proposer = (await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId))!.Current!;
        var images = await session.Query<ImageView>().ToListAsync();
        Assert.Contains(images, i => i.Masks.Any(m => m.Provenance == proposer.Provenance));
    }
}
