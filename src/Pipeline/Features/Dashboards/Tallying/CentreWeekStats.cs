using System.Globalization;

namespace EndoKED.Pipeline.Features.Dashboards.Tallying;

/// <summary>
/// A week's counters (or a sum of weeks'): what the projection folds and the dashboards add up. Nothing here is a
/// rate, so weeks add up exactly.
/// </summary>
public abstract record WeekCounters
{
    public string Week { get; init; } = "";
    public DateOnly WeekStart { get; init; }

    public int Examinations { get; init; }
    public int Frames { get; init; }
    public int ReportsRead { get; init; }
    public int LabelsPresent { get; init; }
    public int LabelsAbsent { get; init; }
    public int LabelsUndecided { get; init; }
    public int LabelsNeedingReview { get; init; }

    public int FramesScored { get; init; }
    /// <summary>Scored frames with probability ≥ <see cref="CentreWeekStatsProjection.PositiveThreshold"/>.</summary>
    public int FramesPositive { get; init; }
    public int BoxesKept { get; init; }
    /// <summary>Rejected boxes by their stable rejection code.</summary>
    public Dictionary<string, int> Rejections { get; init; } = [];
    public int MasksProposed { get; init; }
    public double MaskQualitySum { get; init; }

    public int VotesCast { get; init; }
    /// <summary>Votes that did not accept the machine's proposal (correct or reject).</summary>
    public int CorrectionVotes { get; init; }
    public int ItemsFinalised { get; init; }
    public int FinalisedByAdjudication { get; init; }
    /// <summary>Final labels that differ from the machine's proposal (outcome correct or reject).</summary>
    public int FinalCorrections { get; init; }
    public int AdjudicationsRequested { get; init; }
    /// <summary>Votes per reader, for throughput.</summary>
    public Dictionary<string, int> ReaderVotes { get; init; } = [];
}

/// <summary>
/// One centre's counters for one ISO week (by each event's own time), folded from the examination and image streams.
/// The dashboards sum weeks for totals.
/// </summary>
public sealed record CentreWeekStats : WeekCounters
{
    /// <summary><c>&lt;centre&gt;|&lt;ISO year&gt;-W&lt;week&gt;</c>, see <see cref="CentreWeek"/>.</summary>
    public string Id { get; init; } = "";
    public string CentreId { get; init; } = "";
}

/// <summary>The weekly bucket of a moment: ISO 8601 weeks (Monday first) of the UTC date.</summary>
public static class CentreWeek
{
    public static string WeekOf(DateTimeOffset at)
    {
        var d = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}");
    }

    public static DateOnly StartOf(DateTimeOffset at)
    {
        var d = at.UtcDateTime;
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(d), ISOWeek.GetWeekOfYear(d), DayOfWeek.Monday));
    }

    public static string Key(string centre, DateTimeOffset at) => centre + "|" + WeekOf(at);

    public static string CentreOf(string key) => key[..key.LastIndexOf('|')];
}
