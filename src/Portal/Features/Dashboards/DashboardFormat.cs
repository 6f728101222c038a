using System.Globalization;
using EndoKED.Pipeline.Features.Dashboards.Comparing;

namespace EndoKED.Portal.Features.Dashboards;

/// <summary>How the dashboards write numbers, and the metrics they chart week by week.</summary>
public static class DashboardFormat
{
    public static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Num(double? v, string format = "0.00") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string TopRejection(WeekFigures w) =>
        w.Rejections.Count == 0 ? "—" : w.Rejections.MaxBy(kv => kv.Value) is var (code, n) ? $"{code} ({n})" : "—";

    /// <summary>The weekly charts: the metrics declared with a chart (<see cref="DashboardMetrics"/>), with whether the axis is 0–1.</summary>
    public static readonly IReadOnlyList<(string Title, string Id, bool Rate, Func<WeekFigures, double?> Of)> Charts =
        [.. DashboardMetrics.All.Where(m => m.Chart).Select(m => (m.Title, m.Name, m.Unit != MetricUnit.Count, m.Of))];

    public static readonly string[] Palette = ["#1976d2", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#ad1457"];
}
