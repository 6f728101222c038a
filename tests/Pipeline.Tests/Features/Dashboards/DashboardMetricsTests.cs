using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Exporting;
using EndoKED.Pipeline.Features.Dashboards.Tallying;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>A dashboard figure declared once reaches the CSV, the drift detector and the totals.</summary>
public sealed class DashboardMetricsTests
{
    [Fact]
    public void Every_metric_has_its_own_name_and_a_csv_column_in_declaration_order()
    {
        var names = DashboardMetrics.All.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        var csv = CentreStatsCsv.Write(new CentreStatsResult(DateTimeOffset.UnixEpoch, []));
        Assert.Equal(["centre", "week", "weekStart", .. names, "drift"], csv.TrimEnd().Split(','));
    }

    [Fact]
    public void The_drift_detector_judges_exactly_the_metrics_declared_for_drift()
    {
        Assert.Equal(["prevalence", "framePositiveRate", "rejectionRate", "meanMaskQuality"], DriftDetector.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Totals_sum_every_counter_of_the_weeks_so_a_new_counter_needs_no_summing_code()
    {
        var counters = typeof(WeekCounters).GetProperties().Where(p => p.PropertyType == typeof(int) || p.PropertyType == typeof(double)).ToList();
        Assert.True(counters.Count >= 15);
        WeekFigures Week(int k)
        {
            var w = new WeekFigures { Week = $"w{k}", Rejections = new() { ["small"] = k }, ReaderVotes = new() { ["r"] = 1 } };
            foreach (var p in counters) p.SetValue(w, p.PropertyType == typeof(int) ? (object)k : (double)k / 2);
            return w;
        }

        var total = WeekFigures.Sum([Week(1), Week(2), Week(4)]);

        Assert.All(counters, p => Assert.Equal(p.PropertyType == typeof(int) ? 7 : 3.5, Convert.ToDouble(p.GetValue(total))));
        Assert.Equal(7, total.Rejections["small"]);
        Assert.Equal(3, total.ReaderVotes["r"]);
    }

    [Fact]
    public void The_adjudication_rate_is_the_share_of_finalised_items_a_lead_decided_and_nothing_without_finalised_items()
    {
        var metric = DashboardMetrics.Named("adjudicationRate");
        Assert.Equal(0.25, metric.Of(new WeekFigures { ItemsFinalised = 8, FinalisedByAdjudication = 2 }));
        Assert.Null(metric.Of(new WeekFigures()));
        Assert.Contains(DashboardMetrics.All.Where(m => m.Chart), m => m.Name == "adjudicationRate");
    }

    [Theory]
    [InlineData("framePositiveRate", 0.385, "38.5 %")]
    [InlineData("meanMaskQuality", 0.713, "0.71")]
    [InlineData("examinations", 12.0, "12")]
    [InlineData("prevalence", null, "—")]
    public void A_metric_writes_its_value_in_its_unit(string name, double? value, string expected) =>
        Assert.Equal(expected, DashboardMetrics.Named(name).Format(value));
}
