using System.Globalization;
using System.Text;
using EndoKED.Pipeline.Features.Dashboards.Comparing;

namespace EndoKED.Pipeline.Features.Dashboards.Exporting;

/// <summary>The dashboards as CSV (RFC 4180): one row per centre and week with every counter, rate and drift flag.</summary>
public static class CentreStatsCsv
{
    private static readonly IReadOnlyList<DashboardMetric> Columns = DashboardMetrics.All;

    public static string Write(CentreStatsResult result)
    {
        var codes = result.Centres.SelectMany(c => c.Totals.Rejections.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.AppendJoin(',', ["centre", "week", "weekStart", .. Columns.Select(c => c.Name), .. codes.Select(c => "rejected:" + c), "drift"]).Append("\r\n");
        foreach (var centre in result.Centres)
            foreach (var w in centre.Weeks)
            {
                var drift = string.Join(';', centre.Drift.Where(d => d.Week == w.Week).Select(d => d.Metric));
                sb.AppendJoin(',', [
                    Field(centre.CentreId), Field(w.Week), w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    .. Columns.Select(c => Format(c.Of(w))),
                    .. codes.Select(c => w.Rejections.GetValueOrDefault(c).ToString(CultureInfo.InvariantCulture)),
                    Field(drift)]).Append("\r\n");
            }
        return sb.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Field(value.ToString() ?? ""),
    };

    // Centre ids come from ingest: quote anything a spreadsheet could misread, and defuse formula prefixes.
    private static string Field(string s)
    {
        if (s.Length > 0 && "=+-@".Contains(s[0])) s = "'" + s;
        return s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
