using Bunit;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Portal.Features.Dashboards;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Dashboards;

public sealed class WeeklyChartTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    private static IRenderedComponent<WeeklyChart> Render(BunitContext ctx, string metric, params int[] votes) =>
        ctx.Render<WeeklyChart>(p => p
            .Add(x => x.Metric, DashboardMetrics.Named(metric))
            .Add(x => x.Centres, (IReadOnlyList<CentreStats>)[new CentreStats("centre-a", new WeekFigures(),
                [.. votes.Select((v, i) => new WeekFigures { Week = $"2026-W{i + 2:00}", WeekStart = Monday.AddDays(7 * i), VotesCast = v })], null, [], [])]));


    [Fact]
    public async Task A_count_axis_with_nothing_counted_yet_has_whole_distinct_ticks_and_dated_weeks()
    {
        await using var ctx = MudBunit.Context();

        var chart = Render(ctx, "votesCast", 0, 0, 0);

        var labels = chart.FindAll("svg text").Select(t => t.TextContent).ToList();
        Assert.Equal(["0", "1", "2"], labels.Take(3));
        Assert.Contains("5 Jan 26", labels);
        Assert.Contains("19 Jan 26", labels);
    }

    [Fact]
    public async Task A_figure_with_one_week_says_so_in_words_and_draws_nothing()
    {
        await using var ctx = MudBunit.Context();

        var chart = Render(ctx, "votesCast", 4);

        Assert.Empty(chart.FindAll("svg"));
        Assert.Contains("One week of data so far (2026-W02): centre-a 4. A line needs two weeks.", chart.Find("[data-testid=single-week]").TextContent);
    }
}
