using System.Text.RegularExpressions;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Dashboards;

/// <summary>
/// Four centres over half a year (the last drifting), and a fifth, <see cref="Solo"/>, with one examination so far:
/// seeded once for the class.
/// </summary>
public sealed class DashboardWidthsFixture : IAsyncLifetime
{
    public const string Solo = "solo-centre";

    public BrowserFixture Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await Browser.InitializeAsync();
        var store = Browser.Portal.Services.GetRequiredService<IDocumentStore>();
        await new SyntheticHistory(520, 3, DateTimeOffset.UtcNow, drift: true).AppendAsync(store);
        await using (var session = store.LightweightSession())
        {
            var exam = Guid.NewGuid();
            var image = Guid.NewGuid();
            var at = DateTimeOffset.UtcNow.AddDays(-10);
            session.Events.StartStream(exam, new ExaminationIngested(exam, Solo, "solo-1", "P-S", DateOnly.FromDateTime(at.UtcDateTime), "report", null,
                new Dictionary<string, string>(), "test", at));
            session.Events.StartStream(image, new ImageIngested(image, exam, Solo, "solo-sha", 10, 4, 4, "png", "f.png", 0, "test", at));
            await session.SaveChangesAsync();
        }
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
    }

    public Task DisposeAsync() => Browser.DisposeAsync();
}

/// <summary>The dashboards at 1280 and 1920 px, as an admin (every centre) and as a Lead (their centre beside the network).</summary>
public class DashboardsAtTwoWidthsTests(DashboardWidthsFixture fixture) : IClassFixture<DashboardWidthsFixture>
{
    /// <summary>The names a Lead of centre-a must never see (as whole names: "centre-correctionRate" is a test id).</summary>
    private static readonly Regex Others = new(@"(?<![\w-])(centre-[b-d]|solo-centre)(?![\w-])");

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    private static async Task AssertNoOtherCentreAsync(IPage page)
    {
        var html = await page.ContentAsync();
        var found = Others.Match(html);
        Assert.False(found.Success, $"another centre's name on the Lead's page: …{(found.Success ? html.Substring(Math.Max(0, found.Index - 80), 160) : "")}…");
        Assert.DoesNotMatch(Others, await page.Locator("body").InnerTextAsync());
    }

    private async Task<IPage> DashboardAsync(string user, Role role, int width, params string[] centres)
    {
        var page = await fixture.Browser.SignedInPageAsync(user, role, centres);
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("centre-table").GetByTestId("centre-id").First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Every column of the table is within the visible width (no column cut off or scrolled out of sight).</summary>
    private static async Task AssertTableFitsAsync(IPage page, string testId = "centre-table")
    {
        var (scroll, client) = await page.GetByTestId(testId)
            .EvaluateAsync<int[]>("e => { const c = e.querySelector('.mud-table-container') ?? e; return [c.scrollWidth, c.clientWidth]; }") is [var s, var c] ? (s, c) : (0, 0);
        Assert.True(client > 0 && scroll <= client + 1, $"{testId} is {scroll} px wide in {client} px");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(1920)]
    public async Task An_admin_sees_every_centre_with_every_column_readable_grouped_and_linked_to_the_cases(int width)
    {
        var page = await DashboardAsync($"dash-admin-{width}", Role.Admin, width);

        var table = page.GetByTestId("centre-table");
        await Assertions.Expect(table.GetByTestId("centre-id")).ToHaveTextAsync(["centre-a", "centre-b", "centre-c", "centre-d", DashboardWidthsFixture.Solo]);
        await Assertions.Expect(table.GetByTestId("column-group")).ToHaveTextAsync(["Volume", "Labels", "Masks", "Review", "Agreement"]);
        await AssertTableFitsAsync(page);
        await AssertTableFitsAsync(page, "rejections");
        await AssertTableFitsAsync(page, "readers");
        // Review progress is filled where votes exist, and a count leads to the examinations behind it.
        var rowA = table.Locator("tr", new() { Has = page.GetByTestId("centre-id").GetByText("centre-a", new() { Exact = true }) });
        await Assertions.Expect(rowA.GetByTestId("centre-reviewProgress")).ToHaveTextAsync(new Regex(@"^\s*\d+\.\d %\s*$"));
        Assert.Equal("/examinations?centre=centre-a", await rowA.GetByTestId("centre-examinations").Locator("a").GetAttributeAsync("href"));
        // The drift flag explains itself: the figure, this week against the earlier weeks, by how much.
        await Assertions.Expect(page.GetByTestId("drift-flag").First).ToContainTextAsync("earlier weeks");
        await Assertions.Expect(page.GetByTestId("drift-flag").First).ToContainTextAsync("percentage points");
        // Charts have a week axis with dates and a value axis.
        await Assertions.Expect(page.GetByTestId("chart-framePositiveRate").Locator("text").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("network-band")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot($"dashboard-admin-{width}.png"), FullPage = true });

        await rowA.GetByTestId("centre-examinations").Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/examinations?centre=centre-a");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(1920)]
    public async Task A_lead_sees_their_centre_beside_the_network_band_and_no_other_centre_by_name(int width)
    {
        var page = await DashboardAsync($"dash-lead-{width}", Role.Lead, width, "centre-a");

        await Assertions.Expect(page.GetByTestId("network-band")).ToContainTextAsync("4 other centres");
        await Assertions.Expect(page.GetByTestId("legend-network")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chart-framePositiveRate").GetByTestId("network-iqr")).ToHaveCountAsync(1);
        await AssertTableFitsAsync(page);
        await AssertNoOtherCentreAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot($"dashboard-lead-{width}.png"), FullPage = true });

        // The week basis is a choice: the ingest weeks answer too, still without another centre's name.
        await page.GetByTestId("week-basis").GetByText("Weeks of ingest").ClickAsync();
        await Assertions.Expect(page.GetByTestId("generated-at")).ToContainTextAsync("each event's own time");
        await AssertNoOtherCentreAsync(page);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(1920)]
    public async Task A_chart_with_one_week_of_data_says_so_in_words_instead_of_drawing_a_dot(int width)
    {
        var page = await DashboardAsync($"dash-solo-{width}", Role.Lead, width, DashboardWidthsFixture.Solo);

        var chart = page.GetByTestId("chart-examinations");
        await Assertions.Expect(chart.GetByTestId("single-week")).ToContainTextAsync("One week of data so far");
        await Assertions.Expect(chart.GetByTestId("single-week")).ToContainTextAsync("A line needs two weeks");
        await Assertions.Expect(chart.Locator("svg")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("chart-prevalence").GetByTestId("single-week")).ToHaveTextAsync("No value yet.");
        await Assertions.Expect(page.GetByTestId("network-band")).ToContainTextAsync("4 other centres");
        await AssertTableFitsAsync(page);
        var html = await page.ContentAsync();
        Assert.DoesNotMatch(new Regex(@"(?<![\w-])centre-[a-d](?![\w-])"), html);
        await page.ScreenshotAsync(new() { Path = Shot($"dashboard-lead-one-week-{width}.png"), FullPage = true });
    }
}
