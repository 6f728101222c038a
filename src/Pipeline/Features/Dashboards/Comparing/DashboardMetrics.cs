using System.Globalization;

namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>How a figure is written: a count, a share (per cent) or a score between 0 and 1.</summary>
public enum MetricUnit
{
    Count = 0,
    Rate = 1,
    Score = 2,
}

/// <summary>
/// One figure of the centre dashboards, declared once: its name (the CSV column, the API's drift flag and the chart's
/// test id), its title, its unit and format, how a week's (or the totals') value follows from the projection's counters,
/// whether the drift detector judges it, and whether it gets a weekly chart. The CSV, the drift detector and the
/// portal's charts read <see cref="DashboardMetrics.All"/>; none lists metrics of its own.
/// </summary>
/// <param name="Name">camelCase, stable: CSV header and drift flag.</param>
/// <param name="Title">For people: the chart's title (and the column's when there is one).</param>
/// <param name="Unit">How the value is written.</param>
/// <param name="Of">The value of a week or of summed weeks; null where its denominator is zero.</param>
public sealed record DashboardMetric(string Name, string Title, MetricUnit Unit, Func<WeekFigures, double?> Of)
{
    /// <summary>The drift detector compares a centre's latest week with its earlier weeks on this figure.</summary>
    public bool Drift { get; init; }

    /// <summary>The dashboard draws it week by week.</summary>
    public bool Chart { get; init; }

    /// <summary>The value for people: "12", "38.5 %", "0.71", or "—" when there is nothing to say.</summary>
    public string Format(double? value) => value is not { } v ? "—" : Unit switch
    {
        MetricUnit.Rate => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %",
        MetricUnit.Score => v.ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("0", CultureInfo.InvariantCulture),
    };
}

/// <summary>Every dashboard figure, in the CSV's column order.</summary>
public static class DashboardMetrics
{
    public static readonly IReadOnlyList<DashboardMetric> All =
    [
        new("examinations", "Examinations per week", MetricUnit.Count, w => w.Examinations) { Chart = true },
        new("frames", "Frames per week", MetricUnit.Count, w => w.Frames) { Chart = true },
        new("reportsRead", "Reports read", MetricUnit.Count, w => w.ReportsRead),
        new("labelsPresent", "Labels present", MetricUnit.Count, w => w.LabelsPresent),
        new("labelsAbsent", "Labels absent", MetricUnit.Count, w => w.LabelsAbsent),
        new("labelsUndecided", "Labels undecided", MetricUnit.Count, w => w.LabelsUndecided),
        new("labelsNeedingReview", "Labels needing review", MetricUnit.Count, w => w.LabelsNeedingReview),
        new("prevalence", "Polyp prevalence (reports)", MetricUnit.Rate, w => w.Prevalence) { Drift = true, Chart = true },
        new("framesScored", "Frames scored", MetricUnit.Count, w => w.FramesScored),
        new("framesPositive", "Frames positive", MetricUnit.Count, w => w.FramesPositive),
        new("framePositiveRate", "Frame positive rate", MetricUnit.Rate, w => w.FramePositiveRate) { Drift = true, Chart = true },
        new("boxesKept", "Boxes kept", MetricUnit.Count, w => w.BoxesKept),
        new("boxesRejected", "Boxes rejected", MetricUnit.Count, w => w.BoxesRejected),
        new("rejectionRate", "Box rejection rate", MetricUnit.Rate, w => w.RejectionRate) { Drift = true, Chart = true },
        new("masksProposed", "Masks proposed", MetricUnit.Count, w => w.MasksProposed),
        new("meanMaskQuality", "Mean mask quality", MetricUnit.Score, w => w.MeanMaskQuality) { Drift = true, Chart = true },
        new("votesCast", "Votes per week", MetricUnit.Count, w => w.VotesCast) { Chart = true },
        new("correctionVotes", "Correction votes", MetricUnit.Count, w => w.CorrectionVotes),
        new("itemsFinalised", "Items finalised", MetricUnit.Count, w => w.ItemsFinalised),
        new("finalisedByAdjudication", "Finalised by adjudication", MetricUnit.Count, w => w.FinalisedByAdjudication),
        new("finalCorrections", "Final corrections", MetricUnit.Count, w => w.FinalCorrections),
        new("correctionRate", "Correction rate (final vs machine)", MetricUnit.Rate, w => w.CorrectionRate) { Chart = true },
        new("reviewProgress", "Review progress", MetricUnit.Rate, w => w.ReviewProgress) { Chart = true },
        new("adjudicationsRequested", "Adjudications requested", MetricUnit.Count, w => w.AdjudicationsRequested),
        new("adjudicationRate", "Finalised by a Lead (adjudication rate)", MetricUnit.Rate,
            w => w.ItemsFinalised == 0 ? null : (double)w.FinalisedByAdjudication / w.ItemsFinalised) { Chart = true },
        new("readers", "Readers", MetricUnit.Count, w => w.Readers),
    ];

    /// <summary>The metric called <paramref name="name"/>.</summary>
    public static DashboardMetric Named(string name) => All.First(m => m.Name == name);
}
