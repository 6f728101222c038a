using EndoKED.Pipeline.Features.Review.Agreement;

namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>The other centres on one figure: median and inter-quartile range of their values, never a centre's own.</summary>
/// <param name="Name">A <see cref="DashboardMetric.Name"/>, or an agreement figure (<see cref="NetworkBand.AgreementFigures"/>).</param>
/// <param name="Centres">How many other centres had a value.</param>
public sealed record FigureBand(string Name, int Centres, double Median, double Q1, double Q3);

/// <summary>One week of the band: the figures that at least <see cref="NetworkBand.MinCentres"/> other centres had that week.</summary>
public sealed record WeekBand(string Week, DateOnly WeekStart, IReadOnlyList<FigureBand> Figures);

/// <summary>
/// What a Lead compares their centres with: the centres they cannot see, as median and quartiles per figure (totals and
/// week by week), computed on the server so that no other centre's name or row reaches them. A figure that fewer than
/// <see cref="MinCentres"/> other centres have is left out (with one or two, the "median" would be a centre's own value).
/// </summary>
/// <param name="Centres">How many other centres there are (named nowhere).</param>
/// <param name="Suppressed">Fewer than <see cref="MinCentres"/> other centres: no figure is given.</param>
public sealed record NetworkBand(int Centres, bool Suppressed, IReadOnlyList<FigureBand> Totals, IReadOnlyList<WeekBand> Weeks)
{
    public const int MinCentres = 3;

    /// <summary>The agreement figures banded beside the metrics: name and value.</summary>
    public static readonly IReadOnlyList<(string Name, Func<CentreAgreement, double?> Of)> AgreementFigures =
    [
        ("machineVsFinalKappa", a => a.MachineVsFinalKappa),
        ("readerKappa", a => a.ReaderKappa),
        ("meanDice", a => a.MeanDice),
    ];

    public FigureBand? Total(string name) => Totals.FirstOrDefault(f => f.Name == name);

    /// <param name="others">Each other centre's weeks and totals (already summed) and agreement.</param>
    public static NetworkBand Of(IReadOnlyList<(IReadOnlyList<WeekFigures> Weeks, WeekFigures Totals, CentreAgreement? Agreement)> others)
    {
        if (others.Count < MinCentres) return new NetworkBand(others.Count, true, [], []);
        var totals = DashboardMetrics.All.Select(m => Band(m.Name, others.Select(o => m.Of(o.Totals))))
            .Concat(AgreementFigures.Select(a => Band(a.Name, others.Select(o => o.Agreement is { } x ? a.Of(x) : null))))
            .OfType<FigureBand>().ToList();
        var weeks = others.SelectMany(o => o.Weeks).GroupBy(w => w.Week).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WeekBand(g.Key, g.First().WeekStart,
                [.. DashboardMetrics.All.Where(m => m.Chart).Select(m => Band(m.Name, g.Select(m.Of))).OfType<FigureBand>()]))
            .Where(w => w.Figures.Count > 0).ToList();
        return new NetworkBand(others.Count, false, totals, weeks);
    }

    private static FigureBand? Band(string name, IEnumerable<double?> values)
    {
        var v = values.OfType<double>().Order().ToArray();
        return v.Length < MinCentres ? null : new FigureBand(name, v.Length, Quantile(v, 0.5), Quantile(v, 0.25), Quantile(v, 0.75));
    }

    /// <summary>Linear interpolation between order statistics (type 7, as spreadsheets compute it).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        return lo + 1 >= sorted.Length ? sorted[^1] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
