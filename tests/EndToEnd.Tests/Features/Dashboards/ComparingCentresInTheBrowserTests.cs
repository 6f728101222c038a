using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Dashboards;

public class ComparingCentresInTheBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_lead_compares_centres_side_by_side_sorts_them_sees_the_drift_flag_and_the_page_follows_new_records()
    {
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        await new SyntheticHistory(520, 3, DateTimeOffset.UtcNow, drift: true).AppendAsync(store);
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));

        var page = await fixture.SignedInPageAsync("browser-dash-lead", Role.Lead, "centre-a", "centre-b", "centre-c", "centre-d");
        await page.GotoAsync("/");
        await page.GetByTestId("open-dashboards").ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        var table = page.GetByTestId("centre-table");
        await Assertions.Expect(table.GetByTestId("centre-id")).ToHaveCountAsync(4);
        await Assertions.Expect(table.GetByTestId("centre-id").First).ToHaveTextAsync("centre-a");

        // Sorting: the drift column puts the drifting centre first on a descending click.
        var driftHeader = table.Locator("th .mud-table-sort-label", new() { HasText = "Drift" });
        await driftHeader.ClickAsync();
        await driftHeader.ClickAsync();
        await Assertions.Expect(table.GetByTestId("centre-id").First).ToHaveTextAsync("centre-d");
        await Assertions.Expect(page.GetByTestId("drift-flag").First).ToContainTextAsync("centre-d");
        await Assertions.Expect(page.GetByTestId("chart-framePositiveRate").Locator("polyline")).ToHaveCountAsync(4);
        Assert.Equal("/api/stats/centres.csv", await page.GetByTestId("csv-download").GetAttributeAsync("href"));
        await table.Locator(".mud-table-container").EvaluateAsync("e => e.scrollLeft = 0"); // the header click scrolled it
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "dashboard.png"), FullPage = true });

        // A new examination shows up without a reload (live notification, throttled reload, async projection).
        var exams = page.Locator("tr", new() { Has = page.GetByTestId("centre-id").GetByText("centre-a", new() { Exact = true }) }).GetByTestId("centre-examinations");
        await Assertions.Expect(exams).ToHaveTextAsync("130");
        await using (var session = store.LightweightSession())
        {
            var id = Guid.NewGuid();
            session.Events.StartStream(id, new ExaminationIngested(id, "centre-a", "live-1", "PL", null, "r", null, new Dictionary<string, string>(), "test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await Assertions.Expect(exams).ToHaveTextAsync("131", new() { Timeout = 20_000 });
    }
}
