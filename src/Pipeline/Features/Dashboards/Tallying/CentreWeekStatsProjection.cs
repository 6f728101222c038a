using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Dashboards.Tallying;

/// <summary>
/// Folds every examination and image event into its centre's week. Runs asynchronously (the daemon is the single writer,
/// so concurrent pipeline batches never lose a count on these few hot documents, and a batch of thousands of events
/// touches only a handful of them); the dashboards may lag the ledger by a second.
/// </summary>
public sealed partial class CentreWeekStatsProjection : MultiStreamProjection<CentreWeekStats, string>
{
    /// <summary>A frame counts as positive from this probability on (the MIL threshold of the paper); a change needs a rebuild.</summary>
    public const double PositiveThreshold = 0.5;

    public CentreWeekStatsProjection()
    {
        Identity<ExaminationIngested>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<ImageIngested>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<ImageScored>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<ImageLocalised>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<MaskProposed>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<VoteCast>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<ConsensusReached>(e => CentreWeek.Key(e.CentreId, e.At));
        Identity<AdjudicationRequested>(e => CentreWeek.Key(e.CentreId, e.At));
        // The report events do not repeat the centre: find it from the examination (its ingest in this batch, else its view).
        CustomGrouping(GroupReportEventsAsync);
        // Each page of events touches only centres × weeks documents, so large pages cost little and catch up fast.
        Options.BatchSize = 5_000;
    }

    private static async Task GroupReportEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var report = events.Where(e => e.Data is FindingsExtracted or ExaminationLabelProposed).ToList();
        if (report.Count == 0) return;
        var centres = events.Select(e => e.Data).OfType<ExaminationIngested>()
            .GroupBy(e => e.ExaminationId).ToDictionary(g => g.Key, g => g.First().CentreId);
        var missing = report.Select(e => e.StreamId).Where(id => !centres.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
        {
            var known = await session.Query<ExaminationView>().Where(x => x.Id.IsOneOf(missing))
                .Select(x => new ExaminationCentre(x.Id, x.CentreId)).ToListAsync();
            foreach (var k in known) centres[k.Id] = k.CentreId;
        }
        foreach (var e in report)
            if (centres.TryGetValue(e.StreamId, out var centre))
                grouping.AddEvent(CentreWeek.Key(centre, ((IHasActor)e.Data).At), e);
    }

    public sealed record ExaminationCentre(Guid Id, string CentreId);

    private static CentreWeekStats In(CentreWeekStats s, DateTimeOffset at, string? centre = null) =>
        s.Week.Length > 0 && (centre is null || s.CentreId.Length > 0)
            ? s
            : s with { Week = CentreWeek.WeekOf(at), WeekStart = CentreWeek.StartOf(at), CentreId = centre ?? s.CentreId };

    public static CentreWeekStats Apply(ExaminationIngested e, CentreWeekStats s) =>
        In(s, e.At, e.CentreId) with { Examinations = s.Examinations + 1 };

    public static CentreWeekStats Apply(ImageIngested e, CentreWeekStats s) =>
        In(s, e.At, e.CentreId) with { Frames = s.Frames + 1 };

    public static CentreWeekStats Apply(FindingsExtracted e, CentreWeekStats s) =>
        In(s, e.At) with { ReportsRead = s.ReportsRead + 1 };

    public static CentreWeekStats Apply(ExaminationLabelProposed e, CentreWeekStats s) => In(s, e.At) with
    {
        LabelsPresent = s.LabelsPresent + (e.Label == PolypLabel.Present ? 1 : 0),
        LabelsAbsent = s.LabelsAbsent + (e.Label == PolypLabel.Absent ? 1 : 0),
        LabelsUndecided = s.LabelsUndecided + (e.Label == PolypLabel.Undecided ? 1 : 0),
        LabelsNeedingReview = s.LabelsNeedingReview + (e.NeedsReview ? 1 : 0),
    };

    public static CentreWeekStats Apply(ImageScored e, CentreWeekStats s) => In(s, e.At, e.CentreId) with
    {
        FramesScored = s.FramesScored + 1,
        FramesPositive = s.FramesPositive + (e.Probability >= PositiveThreshold ? 1 : 0),
    };

    public static CentreWeekStats Apply(ImageLocalised e, CentreWeekStats s) => e.Box is not null || e.Rejection is null
        ? In(s, e.At, e.CentreId) with { BoxesKept = s.BoxesKept + 1 }
        : In(s, e.At, e.CentreId) with { Rejections = Increment(s.Rejections, e.Rejection) };

    public static CentreWeekStats Apply(MaskProposed e, CentreWeekStats s) => In(s, e.At, e.CentreId) with
    {
        MasksProposed = s.MasksProposed + 1,
        MaskQualitySum = s.MaskQualitySum + e.Quality,
    };

    public static CentreWeekStats Apply(VoteCast e, CentreWeekStats s) => In(s, e.At, e.CentreId) with
    {
        VotesCast = s.VotesCast + 1,
        CorrectionVotes = s.CorrectionVotes + (e.Verdict == ReviewVerdict.Accept ? 0 : 1),
        ReaderVotes = Increment(s.ReaderVotes, e.Reader),
    };

    public static CentreWeekStats Apply(ConsensusReached e, CentreWeekStats s) => In(s, e.At, e.CentreId) with
    {
        ItemsFinalised = s.ItemsFinalised + 1,
        FinalisedByAdjudication = s.FinalisedByAdjudication + (e.Method == ConsensusMethod.Adjudication ? 1 : 0),
        FinalCorrections = s.FinalCorrections + (e.Outcome == ReviewVerdict.Accept ? 0 : 1),
    };

    public static CentreWeekStats Apply(AdjudicationRequested e, CentreWeekStats s) =>
        In(s, e.At, e.CentreId) with { AdjudicationsRequested = s.AdjudicationsRequested + 1 };

    private static Dictionary<string, int> Increment(Dictionary<string, int> counts, string key) =>
        new(counts) { [key] = counts.GetValueOrDefault(key) + 1 };
}
