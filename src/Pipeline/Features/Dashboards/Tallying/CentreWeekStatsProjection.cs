using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Dashboards.Tallying;

/// <summary>
/// Folds every examination and image event into its centre's week, twice: the week of its examination's date and the
/// week of its own time (<see cref="WeekBasis"/>). Runs asynchronously (the daemon is the single writer, so concurrent
/// pipeline batches never lose a count on these few hot documents, and a batch of thousands of events touches only a
/// handful of them); the dashboards may lag the ledger by a second.
/// </summary>
public sealed partial class CentreWeekStatsProjection : MultiStreamProjection<CentreWeekStats, string>
{
    /// <summary>A frame counts as positive from this probability on (the MIL threshold of the paper); a change needs a rebuild.</summary>
    public const double PositiveThreshold = 0.5;

    public CentreWeekStatsProjection()
    {
        // Image, report and review events do not carry the examination's date (nor report events the centre): find them
        // from the examination (its ingest in this page, else its view; an image's examination from its view).
        CustomGrouping(GroupAsync);
        // Only the events counted are read.
        foreach (var type in CountedTypes) IncludeType(type);
        // Each page of events touches only centres × weeks documents, so large pages cost little and catch up fast.
        Options.BatchSize = 5_000;
    }

    public override CentreWeekStats? Evolve(CentreWeekStats? snapshot, string id, IEvent e)
    {
        var s = snapshot ?? CentreWeek.Empty(id);
        return e.Data switch
        {
            ExaminationIngested x => Add(x, s),
            ImageIngested x => Add(x, s),
            FindingsExtracted x => Add(x, s),
            ExaminationLabelProposed x => Add(x, s),
            ImageScored x => Add(x, s),
            ImageLocalised x => Add(x, s),
            MaskProposed x => Add(x, s),
            VoteCast x => Add(x, s),
            ConsensusReached x => Add(x, s),
            AdjudicationRequested x => Add(x, s),
            _ => s,
        };
    }

    private static Guid? ExaminationOf(IEvent e, Dictionary<Guid, Guid> imageExams) => e.Data switch
    {
        ExaminationIngested x => x.ExaminationId,
        ImageIngested x => x.ExaminationId,
        ImageScored x => x.ExaminationId,
        ImageLocalised x => x.ExaminationId,
        MaskProposed x => x.ExaminationId,
        FindingsExtracted or ExaminationLabelProposed => e.StreamId,
        VoteCast or ConsensusReached or AdjudicationRequested when ((IReviewItemEvent)e.Data).ItemKind == ReviewItemKind.Examination => e.StreamId,
        VoteCast or ConsensusReached or AdjudicationRequested => imageExams.TryGetValue(e.StreamId, out var exam) ? exam : null,
        _ => null,
    };

    /// <summary>The events counted (each has its <c>Add</c> in <see cref="Evolve"/>); the projection reads no other.</summary>
    private static readonly HashSet<Type> CountedTypes =
    [
        typeof(ExaminationIngested), typeof(ImageIngested), typeof(FindingsExtracted), typeof(ExaminationLabelProposed), typeof(ImageScored),
        typeof(ImageLocalised), typeof(MaskProposed), typeof(VoteCast), typeof(ConsensusReached), typeof(AdjudicationRequested),
    ];

    private static bool Counted(object data) => CountedTypes.Contains(data.GetType());

    private static async Task GroupAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var counted = events.Where(e => Counted(e.Data)).ToList();
        if (counted.Count == 0) return;
        var exams = new Dictionary<Guid, ExaminationWeek>();
        var imageExams = new Dictionary<Guid, Guid>();
        foreach (var e in counted)
        {
            if (e.Data is ExaminationIngested x)
                exams.TryAdd(x.ExaminationId, new ExaminationWeek(x.ExaminationId, x.CentreId, x.Date, x.At));
            else if (e.Data is ImageIngested i)
                imageExams.TryAdd(i.ImageId, i.ExaminationId);
        }
        var images = counted.Where(e => e.Data is IReviewItemEvent { ItemKind: ReviewItemKind.Image } && !imageExams.ContainsKey(e.StreamId))
            .Select(e => e.StreamId).Distinct().ToArray();
        if (images.Length > 0)
            foreach (var i in await session.Query<ImageView>().Where(x => x.Id.IsOneOf(images)).Select(x => new ImageExamination(x.Id, x.ExaminationId)).ToListAsync())
                imageExams[i.Id] = i.ExaminationId;
        var missing = counted.Select(e => ExaminationOf(e, imageExams)).OfType<Guid>().Where(id => !exams.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
            foreach (var x in await session.Query<ExaminationView>().Where(x => x.Id.IsOneOf(missing))
                         .Select(x => new ExaminationWeek(x.Id, x.CentreId, x.Date, x.IngestedAt)).ToListAsync())
                exams[x.Id] = x;
        foreach (var e in counted)
        {
            var exam = ExaminationOf(e, imageExams) is { } id ? exams.GetValueOrDefault(id) : null;
            var centre = (e.Data as ICentreEvent)?.CentreId ?? exam?.CentreId;
            if (centre is null) continue;  // a report event of an examination never ingested
            var at = ((IHasActor)e.Data).At;
            grouping.AddEvent(CentreWeek.Key(centre, WeekBasis.Ingest, CentreWeek.WeekOf(at)), e);
            grouping.AddEvent(CentreWeek.Key(centre, WeekBasis.Examination, exam?.Week ?? CentreWeek.WeekOf(at)), e);
        }
    }

    public sealed record ImageExamination(Guid Id, Guid ExaminationId);

    /// <summary>An examination's centre and date (its ingest time when the source gave none).</summary>
    public sealed record ExaminationWeek(Guid Id, string CentreId, DateOnly? Date, DateTimeOffset IngestedAt)
    {
        public string Week => Date is { } d ? CentreWeek.WeekOf(d) : CentreWeek.WeekOf(IngestedAt);
    }

    private static CentreWeekStats Add(ExaminationIngested e, CentreWeekStats s) =>
        s with { Examinations = s.Examinations + 1 };

    private static CentreWeekStats Add(ImageIngested e, CentreWeekStats s) =>
        s with { Frames = s.Frames + 1 };

    private static CentreWeekStats Add(FindingsExtracted e, CentreWeekStats s) =>
        s with { ReportsRead = s.ReportsRead + 1 };

    private static CentreWeekStats Add(ExaminationLabelProposed e, CentreWeekStats s) => s with
    {
        LabelsPresent = s.LabelsPresent + (e.Label == PolypLabel.Present ? 1 : 0),
        LabelsAbsent = s.LabelsAbsent + (e.Label == PolypLabel.Absent ? 1 : 0),
        LabelsUndecided = s.LabelsUndecided + (e.Label == PolypLabel.Undecided ? 1 : 0),
        LabelsNeedingReview = s.LabelsNeedingReview + (e.NeedsReview ? 1 : 0),
    };

    private static CentreWeekStats Add(ImageScored e, CentreWeekStats s) => s with
    {
        FramesScored = s.FramesScored + 1,
        FramesPositive = s.FramesPositive + (e.Probability >= PositiveThreshold ? 1 : 0),
    };

    private static CentreWeekStats Add(ImageLocalised e, CentreWeekStats s) => e.Box is not null || e.Rejection is null
        ? s with { BoxesKept = s.BoxesKept + 1 }
        : s with { Rejections = Increment(s.Rejections, e.Rejection) };

    private static CentreWeekStats Add(MaskProposed e, CentreWeekStats s) => s with
    {
        MasksProposed = s.MasksProposed + 1,
        MaskQualitySum = s.MaskQualitySum + e.Quality,
    };

    private static CentreWeekStats Add(VoteCast e, CentreWeekStats s) => s with
    {
        VotesCast = s.VotesCast + 1,
        CorrectionVotes = s.CorrectionVotes + (e.Verdict == ReviewVerdict.Accept ? 0 : 1),
        ReaderVotes = Increment(s.ReaderVotes, e.Reader),
    };

    private static CentreWeekStats Add(ConsensusReached e, CentreWeekStats s) => s with
    {
        ItemsFinalised = s.ItemsFinalised + 1,
        FinalisedByAdjudication = s.FinalisedByAdjudication + (e.Method == ConsensusMethod.Adjudication ? 1 : 0),
        FinalCorrections = s.FinalCorrections + (e.Outcome == ReviewVerdict.Accept ? 0 : 1),
    };

    private static CentreWeekStats Add(AdjudicationRequested e, CentreWeekStats s) =>
        s with { AdjudicationsRequested = s.AdjudicationsRequested + 1 };

    private static Dictionary<string, int> Increment(Dictionary<string, int> counts, string key) =>
        new(counts) { [key] = counts.GetValueOrDefault(key) + 1 };
}
