using System.Globalization;
using System.Text;
using EndoKED.Pipeline.Features.Dashboards.Comparing;

namespace EndoKED.Pipeline.Features.Dashboards.Exporting;

/// <summary>
/// The dashboards as CSV (RFC 4180): one row per centre and week with every counter, rate and drift flag; for a caller
/// who does not see every centre, then the other centres as rows <c>network median</c>, <c>network q1</c> and
/// <c>network q3</c> (per week and in total), never a centre's own row.
/// </summary>
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
        if (result.Network is { Suppressed: false } network)
        {
            WriteBand(sb, "total", "", network.Totals, codes.Count);
            foreach (var w in network.Weeks)
                WriteBand(sb, w.Week, w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Figures, codes.Count);
        }
        return sb.ToString();
    }

    private static void WriteBand(StringBuilder sb, string week, string weekStart, IReadOnlyList<FigureBand> figures, int codes)
    {
        foreach (var (label, of) in new (string, Func<FigureBand, double>)[] { ("network median", f => f.Median), ("network q1", f => f.Q1), ("network q3", f => f.Q3) })
            sb.AppendJoin(',', [label, week, weekStart,
                .. Columns.Select(c => figures.FirstOrDefault(f => f.Name == c.Name) is { } f ? Format(of(f)) : ""),
                .. Enumerable.Repeat("", codes), ""]).Append("\r\n");
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
