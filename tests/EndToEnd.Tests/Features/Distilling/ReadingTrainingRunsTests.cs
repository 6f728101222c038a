using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Distilling;

/// <summary>
/// A lead follows an optical-biopsy run in the browser (its validation AUC drawn per epoch, growing live, and only their
/// centre's test row), and an admin's launch form offers the pretrained encoder first. The runs are appended as events:
/// no training is needed to read them.
/// </summary>
public class ReadingTrainingRunsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_lead_follows_a_biopsy_runs_auc_live_and_sees_only_their_centres_metrics_and_an_admin_launches_with_the_resnet_encoder()
    {
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        var (split, run) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UtcNow;
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<SplitView>(split,
                new SplitDrafted(split, "browser split", new SplitRuleRecord(["consensus"], 0.5, null, 6, 0.5, 0.25, 0.25, null, 3), "manifest-browser",
                    4, 2, 2, new Dictionary<string, int> { ["consensus"] = 8 }, new Dictionary<string, int> { ["centre-a"] = 4, ["centre-b"] = 4 },
                    new Dictionary<string, int>(), new SplitLeakageSummary([], []), "admin", at),
                new SplitFrozen(split, "manifest-browser", "admin", at));
            session.Events.StartStream<TrainingRunView>(run,
                new BiopsyRunRequested(run, split, "manifest-browser", new BiopsyConfiguration(4, 32, 6, 1e-3, 16, 7, ["adenoma"], []), "code-1", 9, "admin", at),
                new BiopsyEpochCompleted(run, 1, 6, 0.69, 0.61, 2, "biopsy-trainer", at),
                new BiopsyEpochCompleted(run, 2, 6, 0.55, 0.74, 2, "biopsy-trainer", at));
            await session.SaveChangesAsync();
        }

        var page = await fixture.SignedInPageAsync("browser-training-lead", Role.Lead, "centre-a");
        await page.GotoAsync("/training");
        var row = page.GetByTestId("training-runs").Locator("tr", new() { Has = page.Locator($"a[href='/training/{run}']") });
        await Assertions.Expect(row.GetByTestId("run-best")).ToHaveTextAsync("AUC 0.740");
        await Assertions.Expect(page.GetByTestId("launch-training")).ToHaveCountAsync(0);
        await row.Locator($"a[href='/training/{run}']").ClickAsync();
        await page.WaitForURLAsync($"**/training/{run}");
        await Assertions.Expect(page.GetByTestId("auc-point")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("dice-point")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("cancel-training")).ToHaveCountAsync(0);

        // The next epoch and the result arrive through the live notifications: no reload.
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(run, new BiopsyEpochCompleted(run, 3, 6, 0.48, 0.79, 2, "biopsy-trainer", DateTimeOffset.UtcNow),
                new BiopsyRunCompleted(run, Guid.NewGuid(), "biopsy-mlp-v1-h32+browser", "onnx-browser", 2e-7, 0.41,
                    [new("centre-a", 5, 20, 3, 2, 0.81, 0.667, 0.5), new("centre-b", 4, 16, 2, 2, 0.99, 1, 1)], "biopsy-trainer", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await Assertions.Expect(page.GetByTestId("auc-point")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("centre-metric")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("centre-metric").GetByTestId("metric-auc")).ToHaveTextAsync("0.810");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "biopsy-run-lead.png"), FullPage = true });

        var admin = await fixture.SignedInPageAsync("browser-training-admin", Role.Admin);
        await admin.GotoAsync("/training");
        await Assertions.Expect(admin.GetByTestId("launch-training")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("training-encoder")).ToContainTextAsync("ResNet-18");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "training-launch.png"), FullPage = true });
    }
}
