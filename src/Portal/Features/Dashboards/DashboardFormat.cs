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

    /// <summary>The weekly charts: name, test id, whether it is a rate, and the value of a week.</summary>
    public static readonly IReadOnlyList<(string Title, string Id, bool Rate, Func<WeekFigures, double?> Of)> Charts =
    [
        ("Examinations per week", "examinations", false, w => w.Examinations),
        ("Frames per week", "frames", false, w => w.Frames),
        ("Polyp prevalence (reports)", "prevalence", true, w => w.Prevalence),
        ("Frame positive rate", "framePositiveRate", true, w => w.FramePositiveRate),
        ("Box rejection rate", "rejectionRate", true, w => w.RejectionRate),
        ("Mean mask quality", "meanMaskQuality", true, w => w.MeanMaskQuality),
        ("Review progress", "reviewProgress", true, w => w.ReviewProgress),
        ("Correction rate (final vs machine)", "correctionRate", true, w => w.CorrectionRate),
        ("Votes per week", "votes", false, w => w.VotesCast),
    ];

    public static readonly string[] Palette = ["#1976d2", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#ad1457"];
}
