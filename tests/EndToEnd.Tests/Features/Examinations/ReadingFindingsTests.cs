using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wolverine;

namespace EndoKED.EndToEnd.Tests.Features.Examinations;

public class ReadingFindingsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Report =
        "Indication: screening.\nFindings: a 12 mm pedunculated polyp in the sigmoid colon, removed by snare.\nNo other lesions.";
    private const string Pathology = "Tubular adenoma with low-grade dysplasia.";

    [Fact]
    public async Task Selecting_a_finding_highlights_the_words_that_justify_it_in_the_report_and_the_pathology()
    {
        var root = TestPaths.NewTempDir("e2e-findings");
        TestFrames.ExamFolder(root, "exam-findings", Report, """{"patientId":"P-F1","date":"2026-05-04"}""",
            ("f1.jpg", TestFrames.Jpeg(320, 240, seed: 3)));
        File.WriteAllText(Path.Combine(root, "exam-findings", "pathology.txt"), Pathology);
        var summary = await fixture.Portal.IngestAsync(root, "centre-a");
        var examId = Assert.Single(summary.AddedExaminationIds);
        using (var scope = fixture.Portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ExtractFindings(examId, "e2e"));

        var page = await fixture.SignedInPageAsync("e2e-reader", Shared.Role.Clinician, "centre-a");
        await page.GotoAsync($"/examinations/{examId}");
        await page.GetByTestId("findings").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("extractor-version").First).ToContainTextAsync("rules");
        await Assertions.Expect(page.GetByTestId("proposed-label")).ToContainTextAsync("present");
        Assert.Equal(0, await page.Locator("mark.evidence").CountAsync());

        await page.Locator("[data-testid=finding-field][data-key='polyps[0]']").ClickAsync();
        var marks = page.Locator("[data-testid=report-text] mark.evidence");
        await Assertions.Expect(marks.First).ToBeVisibleAsync();
        var marked = string.Join(" | ", await marks.AllInnerTextsAsync());
        Assert.Contains("12 mm", marked);
        Assert.Contains("sigmoid", marked);
        // The marks are the report's own words, and the text around them is unchanged.
        Assert.Equal(Report.Replace("\n", ""), (await page.GetByTestId("report-text").InnerTextAsync()).Replace("\n", ""));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "findings-polyp.png"), FullPage = true });

        await page.Locator("[data-testid=finding-field][data-key^='pathology[']").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=pathology-text] mark.evidence").First).ToContainTextAsync("adenoma");
        Assert.Equal(0, await page.Locator("[data-testid=report-text] mark.evidence").CountAsync());

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("mark.evidence")).ToHaveCountAsync(0);
    }
}
