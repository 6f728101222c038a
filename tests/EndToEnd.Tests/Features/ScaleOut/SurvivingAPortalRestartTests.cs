using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.ScaleOut;

/// <summary>Runs alone: two portal start-ups and a stop would slow the browser tests beside it past their timeouts.</summary>
[CollectionDefinition(nameof(SurvivingAPortalRestartTests), DisableParallelization = true)]
public sealed class SurvivingAPortalRestartCollection;

/// <summary>The portal restarts under an open page: the page comes back by itself, still signed in, and live again.</summary>
[Collection(nameof(SurvivingAPortalRestartTests))]
public sealed class SurvivingAPortalRestartTests
{
    [Fact]
    public async Task An_open_page_reconnects_after_a_portal_restart_and_hears_the_new_portal_live()
    {
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var data = Path.Combine(Path.GetTempPath(), "endoked-tests", "restart-" + Guid.NewGuid().ToString("N"));
        var first = new BrowserFixture.RealPortal { Schema = schema, DataRoot = data, KeepSchema = true };
        first.Start();
        var folder = TestPaths.NewTempDir("e2e-restart");
        TestFrames.ExamFolder(folder, "restart-1", "No polyps seen.", null, ("f.png", TestFrames.Png(seed: 4242)));
        await first.IngestAsync(folder, "centre-r");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);
        var page = await BrowserFixture.SignInAsync(browser, first, "e2e-restart-admin", Shared.Role.Admin);
        await page.GotoAsync("/pipeline");
        await page.GetByTestId("start-run").WaitForAsync();
        await page.EvaluateAsync("() => { window.__firstDocument = 'yes'; }");

        // The portal goes away under the open page, and a new one starts on the same port, ledger and keys.
        first.Dispose();
        using var second = new BrowserFixture.RealPortal { Port = first.BaseAddress.Port, Schema = schema, DataRoot = data };
        second.Start();

        // Blazor retries, finds its circuit gone with the old process and reloads the page: no click, and the session
        // cookie still holds (the data-protection keys live beside the data).
        await page.WaitForFunctionAsync("() => window.__firstDocument === undefined", null, new() { Timeout = 120_000 });
        await page.GetByTestId("start-run").WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("e2e-restart-admin");

        // Live again: a run started on the new portal through the API appears on the page without a reload.
        await page.EvaluateAsync("() => { window.__secondDocument = 'yes'; }");
        var api = await second.ClientForAsync("e2e-restart-api", Shared.Role.Admin);
        var started = await api.PostAsJsonAsync("/api/pipeline-runs", new { centres = new[] { "centre-r" }, stages = new[] { "extract" }, extractor = "rules" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await Assertions.Expect(page.GetByTestId("run-link")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__secondDocument"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "after-portal-restart.png"), FullPage = true });
    }
}
