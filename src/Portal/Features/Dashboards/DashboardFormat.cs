using System.Globalization;
using EndoKED.Pipeline.Features.Dashboards.Comparing;

namespace EndoKED.Portal.Features.Dashboards;

/// <summary>How the dashboards write numbers, and the metrics they chart week by week.</summary>
public static class DashboardFormat
{
    public static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Num(double? v, string format = "0.00") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>The weekly charts: the metrics declared with a chart (<see cref="DashboardMetrics"/>).</summary>
    public static readonly IReadOnlyList<DashboardMetric> Charts = [.. DashboardMetrics.All.Where(m => m.Chart)];

    /// <summary>
    /// A drift flag in words: which figure, this week against the centre's earlier weeks, by how much and against what
    /// threshold (the figures written in the metric's own unit).
    /// </summary>
    public static string Explain(DriftFlag d)
    {
        var m = DashboardMetrics.Named(d.Metric);
        var diff = d.Value - d.Mean;
        var by = m.Unit == MetricUnit.Rate
            ? (diff * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " percentage points"
            : diff.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
        var sds = d.Sd > 0 ? $", {Math.Abs(diff) / d.Sd:0.#} standard deviations" : "";
        return $"{m.Title} in {d.Week} was {m.Format(d.Value)}, against {m.Format(d.Mean)} ± {m.Format(d.Sd)} over its {d.HistoryWeeks} earlier weeks: " +
               $"{by}{sds} (flagged beyond ± {m.Format(d.Threshold)}).";
    }

    public static readonly string[] Palette = ["#1976d2", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#ad1457"];
}
