using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Examinations;

public class OpeningAnExaminationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string HostileReport =
        "Findings: a 7 mm sessile polyp in the ascending colon.\n<script>window.__xss = 1; alert('xss')</script>\n<img src=x onerror=\"window.__xss=2\">";

    [Fact]
    public async Task A_clinician_opens_an_examination_sees_its_report_as_text_its_frames_and_its_history()
    {
        var root = TestPaths.NewTempDir("e2e");
        TestFrames.ExamFolder(root, "exam-e2e", HostileReport, """{"patientId":"P-E2E","date":"2026-05-04"}""",
            ("f1.jpg", TestFrames.Jpeg(384, 288, seed: 1)), ("f2.jpg", TestFrames.Jpeg(384, 288, seed: 2)));
        await fixture.Portal.IngestAsync(root, "centre-a");

        var page = await fixture.SignedInPageAsync("e2e-clinician", Shared.Role.Clinician, "centre-a");
        var dialogs = 0;
        page.Dialog += async (_, d) => { dialogs++; await d.DismissAsync(); };

        await page.GotoAsync("/");
        await page.GetByTestId("centre-card").First.WaitForAsync();
        await page.GotoAsync("/examinations");
        var link = page.Locator("a.exam-link", new() { HasText = "7 mm sessile polyp" });
        await link.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "examinations-list.png"), FullPage = true });
        await link.ClickAsync();

        var report = page.GetByTestId("report-text");
        await report.WaitForAsync();
        Assert.Contains("<script>window.__xss = 1; alert('xss')</script>", await report.InnerTextAsync());
        Assert.Contains("onerror", await report.InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=report-text] script, [data-testid=report-text] img").CountAsync());

        var thumbs = page.GetByTestId("thumbnail");
        await Assertions.Expect(thumbs).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=thumbnail]')].every(i => i.complete && i.naturalWidth > 0)");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("ExaminationIngested");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("test-seed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "examination.png"), FullPage = true });

        await thumbs.First.ClickAsync();
        var full = page.GetByTestId("full-frame");
        await full.WaitForAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=full-frame]'); return i && i.complete && i.naturalWidth === 384; }");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "frame-full.png") });

        Assert.Equal(0, dialogs);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
    }
}
