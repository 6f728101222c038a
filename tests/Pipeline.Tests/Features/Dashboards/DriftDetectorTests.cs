using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

public class DriftDetectorTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    /// <summary>Weeks with a given mean mask quality each (one mask per week).</summary>
    private static List<WeekFigures> Weeks(params double[] quality) =>
        [.. quality.Select((q, i) => new WeekFigures { Week = $"w{i}", WeekStart = Monday.AddDays(7 * i), MasksProposed = 1, MaskQualitySum = q })];

    private static DateOnly After(List<WeekFigures> weeks) => weeks[^1].WeekStart.AddDays(7);

    [Fact]
    public void A_value_beyond_k_standard_deviations_of_the_history_is_flagged_with_its_figures()
    {
        var weeks = Weeks(0.80, 0.82, 0.78, 0.81, 0.79, 0.40);
        var flag = Assert.Single(DriftDetector.Detect(weeks, After(weeks), new DashboardOptions()));
        Assert.Equal(("meanMaskQuality", "w5", 0.40, 5), (flag.Metric, flag.Week, flag.Value, flag.HistoryWeeks));
        Assert.Equal(0.80, flag.Mean, 10);
        Assert.Equal(Math.Sqrt(0.001 / 4), flag.Sd, 10);
    }

    [Fact]
    public void Noise_within_the_history_spread_is_not_flagged()
    {
        var weeks = Weeks(0.80, 0.70, 0.85, 0.75, 0.82, 0.72);
        Assert.Empty(DriftDetector.Detect(weeks, After(weeks), new DashboardOptions()));
    }

    [Fact]
    public void A_flat_history_does_not_flag_a_change_smaller_than_k_times_the_minimum_spread()
    {
        var weeks = Weeks(0.8, 0.8, 0.8, 0.8, 0.83);
        Assert.Empty(DriftDetector.Detect(weeks, After(weeks), new DashboardOptions { MinSpread = 0.02, DriftK = 3 }));
        Assert.Single(DriftDetector.Detect(weeks, After(weeks), new DashboardOptions { MinSpread = 0.005, DriftK = 3 }));
    }

    [Fact]
    public void Too_short_a_history_or_an_unfinished_week_says_nothing()
    {
        var shortHistory = Weeks(0.8, 0.8, 0.8, 0.1);
        Assert.Empty(DriftDetector.Detect(shortHistory, After(shortHistory), new DashboardOptions { MinHistoryWeeks = 4 }));
        Assert.Single(DriftDetector.Detect(shortHistory, After(shortHistory), new DashboardOptions { MinHistoryWeeks = 3 }));
        var weeks = Weeks(0.8, 0.8, 0.8, 0.8, 0.8, 0.1);
        // The last week is still running: the previous, unremarkable one is judged instead.
        Assert.Empty(DriftDetector.Detect(weeks, weeks[^1].WeekStart.AddDays(3), new DashboardOptions()));
    }
}
