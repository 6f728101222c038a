using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Review.Agreement;

namespace EndoKED.Portal.Features.Dashboards;

/// <summary>
/// One column of the centre table: its group, a short header, the full title (the header's tooltip), how a centre's
/// value is read and written, and where a click on it leads. Count and rate columns come from
/// <see cref="DashboardMetrics"/> (the one declaration of each figure); agreement columns from the agreement figures.
/// </summary>
public sealed record CentreColumn(string Group, string Header, string Name, string Title, Func<CentreStats, double?> Value, Func<double?, string> Format, Func<CentreStats, string>? Link = null)
{
    /// <summary>Why a centre's cell is empty ("—"), in words for its tooltip; null where the title says enough.</summary>
    public Func<CentreStats, string?> WhyEmpty { get; init; } = _ => null;

    private static CentreColumn Metric(string group, string header, string name, Func<CentreStats, string>? link = null)
    {
        var m = DashboardMetrics.Named(name);
        return new(group, header, name, m.Title, c => m.Of(c.Totals), m.Format, link);
    }

    // An agreement figure needs items that two sides (machine and final, or two readers) answered; with some but all in
    // one category, kappa is undefined (chance agreement is 1).
    private static CentreColumn Agreement(string header, string name, string title, Func<CentreAgreement, double?> of, Func<CentreAgreement, int> items, string none) =>
        new("Agreement", header, name, title, c => c.Agreement is { } a ? of(a) : null, v => DashboardFormat.Num(v), Review)
        {
            WhyEmpty = c => c.Agreement is not { } a ? "agreement not computed yet" : items(a) == 0 ? none : $"undefined over {items(a)}: every answer the same",
        };

    private static string Examinations(CentreStats c) => "/examinations?centre=" + Uri.EscapeDataString(c.CentreId);

    private static string Review(CentreStats c) => "/review";

    public static readonly IReadOnlyList<CentreColumn> All =
    [
        Metric("Volume", "Exams", "examinations", Examinations),
        Metric("Volume", "Frames", "frames", Examinations),
        Metric("Volume", "Reports read", "reportsRead", Examinations),
        Metric("Labels", "Prevalence", "prevalence", Examinations),
        Metric("Labels", "Frame positive", "framePositiveRate", Examinations),
        Metric("Labels", "Boxes rejected", "rejectionRate", Examinations),
        Metric("Masks", "Masks", "masksProposed", Review),
        Metric("Masks", "Quality", "meanMaskQuality", Review),
        Metric("Review", "Votes", "votesCast", Review),
        Metric("Review", "Progress", "reviewProgress", Review),
        Metric("Review", "Corrected", "correctionRate", Review),
        Agreement("κ machine", "machineVsFinalKappa", "Cohen's κ, machine label against the final label", a => a.MachineVsFinalKappa,
            a => a.LabelPairs, "no examination label final yet"),
        Agreement("κ readers", "readerKappa", "Fleiss' κ among readers on examination labels", a => a.ReaderKappa,
            a => a.ReaderExaminations, "no examination label read by two readers yet"),
        Agreement("Dice", "meanDice", "Mean Dice, proposed against final masks", a => a.MeanDice, a => a.MaskPairs, "no mask final yet"),
    ];

    /// <summary>The groups in order with how many columns each spans.</summary>
    public static IEnumerable<(string Group, int Span)> Groups() =>
        All.GroupBy(c => c.Group).Select(g => (g.Key, g.Count()));
}
