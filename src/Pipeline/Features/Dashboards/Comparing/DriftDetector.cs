namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>A centre's latest complete week lies outside its own history for one metric.</summary>
/// <param name="Metric">A <see cref="DashboardMetric.Name"/> declared with <see cref="DashboardMetric.Drift"/>.</param>
/// <param name="Week">The week flagged.</param>
/// <param name="Value">Its value that week.</param>
/// <param name="Mean">The mean of the earlier weeks.</param>
/// <param name="Sd">Their sample standard deviation.</param>
/// <param name="Threshold">How far from the mean a value may lie: K × max(Sd, MinSpread).</param>
/// <param name="HistoryWeeks">How many earlier weeks had data for the metric.</param>
public sealed record DriftFlag(string Metric, string Week, double Value, double Mean, double Sd, double Threshold, int HistoryWeeks);

/// <summary>Pure: compares a centre's latest complete week with its own earlier weeks (mean ± K·sd), metric by metric.</summary>
public static class DriftDetector
{
    /// <summary>The figures judged: those declared with <see cref="DashboardMetric.Drift"/>.</summary>
    public static readonly IReadOnlyList<DashboardMetric> Metrics = [.. DashboardMetrics.All.Where(m => m.Drift)];

    /// <param name="weeks">The centre's weeks, any order.</param>
    /// <param name="today">Weeks that have not ended by this date are incomplete and never judged.</param>
    public static IReadOnlyList<DriftFlag> Detect(IReadOnlyList<WeekFigures> weeks, DateOnly today, DashboardOptions options)
    {
        var complete = weeks.Where(w => w.WeekStart.AddDays(7) <= today).OrderBy(w => w.WeekStart).ToList();
        if (complete.Count == 0) return [];
        var latest = complete[^1];
        var earlier = complete.Take(complete.Count - 1).ToList();
        var flags = new List<DriftFlag>();
        foreach (var (name, of) in Metrics.Select(m => (m.Name, m.Of)))
        {
            if (of(latest) is not { } value) continue;
            var history = earlier.Select(of).OfType<double>().ToList();
            if (history.Count < options.MinHistoryWeeks) continue;
            var mean = history.Average();
            var sd = Math.Sqrt(history.Sum(x => (x - mean) * (x - mean)) / (history.Count - 1));
            var threshold = options.DriftK * Math.Max(sd, options.MinSpread);
            if (Math.Abs(value - mean) > threshold)
                flags.Add(new DriftFlag(name, latest.Week, value, mean, sd, threshold, history.Count));
        }
        return flags;
    }
}
