using EndoKED.Pipeline.Features.Dashboards.Tallying;

namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>
/// A centre's counters over one week or summed over many, with the rates the dashboards show. A rate is null where its
/// denominator is zero (nothing to say), never 0.
/// </summary>
public sealed record WeekFigures : WeekCounters
{
    public WeekFigures()
    {
    }

    /// <summary>One week as the projection counted it (its counters, without the document's key).</summary>
    public WeekFigures(WeekCounters week) : base(week)
    {
    }

    public int BoxesRejected => Rejections.Values.Sum();

    /// <summary>Present among the reports with a present or absent label (undecided ones are counted apart).</summary>
    public double? Prevalence => Ratio(LabelsPresent, LabelsPresent + LabelsAbsent);
    public double? FramePositiveRate => Ratio(FramesPositive, FramesScored);
    public double? RejectionRate => Ratio(BoxesRejected, BoxesKept + BoxesRejected);
    public double? MeanMaskQuality => MasksProposed == 0 ? null : MaskQualitySum / MasksProposed;

    /// <summary>Items finalised against the items sent to review (labels needing a look, masks proposed); weeks may exceed 1.</summary>
    public double? ReviewProgress => Ratio(ItemsFinalised, LabelsNeedingReview + MasksProposed);

    /// <summary>Final labels that differ from the machine's proposal, among the finalised items.</summary>
    public double? CorrectionRate => Ratio(FinalCorrections, ItemsFinalised);
    public int Readers => ReaderVotes.Count;

    private static double? Ratio(double a, double b) => b == 0 ? null : a / b;

    public static WeekFigures Of(CentreWeekStats s) => new(s);

    /// <summary>Counters summed over weeks (the totals column); rates follow from the sums, not from averaging rates.</summary>
    public static WeekFigures Sum(IReadOnlyList<WeekFigures> weeks) => new()
    {
        Week = "total",
        WeekStart = weeks.Count == 0 ? default : weeks.Min(w => w.WeekStart),
        Examinations = weeks.Sum(w => w.Examinations), Frames = weeks.Sum(w => w.Frames), ReportsRead = weeks.Sum(w => w.ReportsRead),
        LabelsPresent = weeks.Sum(w => w.LabelsPresent), LabelsAbsent = weeks.Sum(w => w.LabelsAbsent),
        LabelsUndecided = weeks.Sum(w => w.LabelsUndecided), LabelsNeedingReview = weeks.Sum(w => w.LabelsNeedingReview),
        FramesScored = weeks.Sum(w => w.FramesScored), FramesPositive = weeks.Sum(w => w.FramesPositive),
        BoxesKept = weeks.Sum(w => w.BoxesKept), Rejections = Merge(weeks.Select(w => w.Rejections)),
        MasksProposed = weeks.Sum(w => w.MasksProposed), MaskQualitySum = weeks.Sum(w => w.MaskQualitySum),
        VotesCast = weeks.Sum(w => w.VotesCast), CorrectionVotes = weeks.Sum(w => w.CorrectionVotes),
        ItemsFinalised = weeks.Sum(w => w.ItemsFinalised), FinalisedByAdjudication = weeks.Sum(w => w.FinalisedByAdjudication),
        FinalCorrections = weeks.Sum(w => w.FinalCorrections), AdjudicationsRequested = weeks.Sum(w => w.AdjudicationsRequested),
        ReaderVotes = Merge(weeks.Select(w => w.ReaderVotes)),
    };

    private static Dictionary<string, int> Merge(IEnumerable<Dictionary<string, int>> parts)
    {
        var sum = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (k, v) in part) sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }
}
