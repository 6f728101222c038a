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

/// <summary>Which date puts a record in its week.</summary>
public enum WeekBasis
{
    /// <summary>The examination's own date (<see cref="EndoKED.Shared.Events.ExaminationIngested.Date"/>, else its ingest
    /// time): every later event about it (frames, scores, votes) counts in that week, so an archive ingested in one
    /// afternoon still shows its months.</summary>
    Examination = 0,

    /// <summary>Each event's own time: the week the pipeline or a reader did the work.</summary>
    Ingest = 1,
}

/// <summary>
/// One centre's counters for one ISO week, folded from the examination and image streams. Every event is counted twice:
/// once in the week of its examination's date, once in the week of its own time (<see cref="WeekBasis"/>); the
/// dashboards read one basis and sum its weeks for totals.
/// </summary>
public sealed record CentreWeekStats : WeekCounters
{
    /// <summary><c>&lt;centre&gt;|&lt;exam or ingest&gt;|&lt;ISO year&gt;-W&lt;week&gt;</c>, see <see cref="CentreWeek"/>.</summary>
    public string Id { get; init; } = "";
    public string CentreId { get; init; } = "";
    public WeekBasis Basis { get; init; }
}

/// <summary>The weekly bucket of a moment: ISO 8601 weeks (Monday first) of the UTC date.</summary>
public static class CentreWeek
{
    public static string WeekOf(DateTimeOffset at) => WeekOf(DateOnly.FromDateTime(at.UtcDateTime));

    public static string WeekOf(DateOnly date)
    {
        var d = date.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}");
    }

    public static DateOnly StartOf(DateTimeOffset at) => StartOf(WeekOf(at));

    /// <summary>The Monday of an ISO week written <c>2026-W10</c>.</summary>
    public static DateOnly StartOf(string week) => DateOnly.FromDateTime(ISOWeek.ToDateTime(
        int.Parse(week[..4], CultureInfo.InvariantCulture), int.Parse(week[6..], CultureInfo.InvariantCulture), DayOfWeek.Monday));

    public static string Key(string centre, WeekBasis basis, string week) =>
        centre + "|" + (basis == WeekBasis.Ingest ? "ingest" : "exam") + "|" + week;

    /// <summary>An empty document for a key: centre, basis and week follow from it.</summary>
    public static CentreWeekStats Empty(string key)
    {
        var week = key[(key.LastIndexOf('|') + 1)..];
        var rest = key[..key.LastIndexOf('|')];
        var basis = rest[(rest.LastIndexOf('|') + 1)..] == "ingest" ? WeekBasis.Ingest : WeekBasis.Examination;
        return new CentreWeekStats { Id = key, CentreId = rest[..rest.LastIndexOf('|')], Basis = basis, Week = week, WeekStart = StartOf(week) };
    }
}
