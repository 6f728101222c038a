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

    /// <summary>
    /// The items that entered the review queue: every proposed examination label (the queue opens each one, not only
    /// those flagged for review) and every proposed mask.
    /// </summary>
    public int ItemsInReview => LabelsPresent + LabelsAbsent + LabelsUndecided + MasksProposed;

    /// <summary>
    /// Items finalised against the items in review, capped at 1. Filled whenever a vote exists: 0 when votes were cast
    /// and nothing is final yet, even where the items' proposals fall in no counted week.
    /// </summary>
    public double? ReviewProgress => ItemsInReview == 0 && ItemsFinalised == 0
        ? VotesCast > 0 ? 0 : null
        : (double)ItemsFinalised / Math.Max(ItemsInReview, ItemsFinalised);

    /// <summary>Final labels that differ from the machine's proposal, among the finalised items.</summary>
    public double? CorrectionRate => Ratio(FinalCorrections, ItemsFinalised);
    public int Readers => ReaderVotes.Count;

    private static double? Ratio(double a, double b) => b == 0 ? null : a / b;

    public static WeekFigures Of(CentreWeekStats s) => new(s);

    /// <summary>
    /// Counters summed over weeks (the totals column); rates follow from the sums, not from averaging rates. Every counter
    /// of <see cref="WeekCounters"/> is summed (numbers added, per-key counts merged), so a new counter needs no line here.
    /// </summary>
    public static WeekFigures Sum(IReadOnlyList<WeekFigures> weeks)
    {
        var sum = new WeekFigures { Week = "total", WeekStart = weeks.Count == 0 ? default : weeks.Min(w => w.WeekStart) };
        foreach (var p in Counters)
        {
            object total = p.PropertyType == typeof(int) ? weeks.Sum(w => (int)p.GetValue(w)!)
                : p.PropertyType == typeof(double) ? weeks.Sum(w => (double)p.GetValue(w)!)
                : Merge(weeks.Select(w => (Dictionary<string, int>)p.GetValue(w)!));
            p.SetValue(sum, total);
        }
        return sum;
    }

    private static readonly System.Reflection.PropertyInfo[] Counters = typeof(WeekCounters).GetProperties()
        .Where(p => p.CanWrite && (p.PropertyType == typeof(int) || p.PropertyType == typeof(double) || p.PropertyType == typeof(Dictionary<string, int>)))
        .ToArray();

    private static Dictionary<string, int> Merge(IEnumerable<Dictionary<string, int>> parts)
    {
        var sum = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (k, v) in part) sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }
}
