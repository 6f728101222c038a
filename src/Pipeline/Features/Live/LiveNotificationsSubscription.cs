using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>
/// A Marten subscription (not a projection: it has a side effect) that turns new examination and image events into
/// <see cref="LiveNotification"/>s. It keeps its place like a projection, so a portal that takes the daemon over from
/// another (or restarts) goes on where the daemon stopped; events older than <see cref="MaxAge"/> are passed over, so
/// catching up with a long outage (or a first start on an old ledger) tells no page about stale changes.
/// </summary>
public sealed class LiveNotificationsSubscription : SubscriptionBase
{
    private readonly ILiveBroadcast _broadcast;
    private readonly TimeProvider _clock;

    public LiveNotificationsSubscription(ILiveBroadcast broadcast, TimeProvider clock)
    {
        _broadcast = broadcast;
        _clock = clock;
        Name = "live-notifications";
        Options.BatchSize = 500;
        IncludeType<ExaminationIngested>();
        IncludeType<FramesAttached>();
        IncludeType<ImageIngested>();
        IncludeType<FindingsExtracted>();
        IncludeType<FindingsExtractionFailed>();
        IncludeType<ExaminationLabelProposed>();
        IncludeType<ImageScored>();
        IncludeType<ImageLocalised>();
        IncludeType<MaskProposed>();
        IncludeType<VoteCast>();
        IncludeType<VoteWithdrawn>();
        IncludeType<AdjudicationRequested>();
        IncludeType<Adjudicated>();
        IncludeType<ConsensusReached>();
        IncludeType<PipelineRunRequested>();
        IncludeType<PipelineStageStarted>();
        IncludeType<PipelineBatchProcessed>();
        IncludeType<PipelineStageCompleted>();
        IncludeType<PipelineRunCancelled>();
        IncludeType<PipelineRunResumed>();
        IncludeType<PipelineRunCompleted>();
        IncludeType<PipelineRunFailed>();
        IncludeType<SplitDraftRequested>();
        IncludeType<SplitDrafted>();
        IncludeType<SplitDraftFailed>();
        IncludeType<SplitFrozen>();
        IncludeType<TrainingRunRequested>();
        IncludeType<TrainingRunStarted>();
        IncludeType<TrainingEpochCompleted>();
        IncludeType<TrainingRunCompleted>();
        IncludeType<TrainingRunFailed>();
        IncludeType<TrainingRunCancelled>();
        IncludeType<BiopsyRunRequested>();
        IncludeType<BiopsyEpochCompleted>();
        IncludeType<BiopsyRunCompleted>();
        IncludeType<ModelRegistered>();
        IncludeType<BiopsyModelRegistered>();
        IncludeType<ModelPromoted>();
        IncludeType<MilRunRequested>();
        IncludeType<MilEpochCompleted>();
        IncludeType<MilRunCompleted>();
        IncludeType<MilModelRegistered>();
        IncludeType<FrameScorerPromoted>();
    }

    /// <summary>A change older than this is history, not news: pages read it from projections when they load.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var notifications = new List<LiveNotification>();
        var centres = new Dictionary<Guid, string?>();
        var oldest = _clock.GetUtcNow() - MaxAge;
        foreach (var e in page.Events)
        {
            if (e.Timestamp < oldest) continue;
            var (kind, centre) = e.Data switch
            {
                ExaminationIngested x => ("examination", x.CentreId),
                ImageIngested x => ("image", x.CentreId),
                ImageScored x => (LiveKinds.Image, x.CentreId),
                ImageLocalised x => (LiveKinds.Image, x.CentreId),
                MaskProposed x => (LiveKinds.Image, x.CentreId),
                VoteCast x => (KindOf(x.ItemKind), x.CentreId),
                VoteWithdrawn x => (KindOf(x.ItemKind), x.CentreId),
                AdjudicationRequested x => (KindOf(x.ItemKind), x.CentreId),
                Adjudicated x => (KindOf(x.ItemKind), x.CentreId),
                ConsensusReached x => (KindOf(x.ItemKind), x.CentreId),
                FramesAttached or FindingsExtracted or FindingsExtractionFailed or ExaminationLabelProposed =>
                    ("examination", await CentreOfExaminationAsync(operations, e.StreamId, centres, cancellationToken)),
                // Runs span centres: no centre, so the hub sends them to the all-centres group only (portal pages, which read
                // through scoped queries, hear them all: Leads follow training runs and models there).
                PipelineRunRequested or PipelineStageStarted or PipelineBatchProcessed or PipelineStageCompleted
                    or PipelineRunCancelled or PipelineRunResumed or PipelineRunCompleted or PipelineRunFailed => (LiveKinds.PipelineRun, ""),
                SplitDraftRequested or SplitDrafted or SplitDraftFailed or SplitFrozen => (LiveKinds.Split, ""),
                TrainingRunRequested or TrainingRunStarted or TrainingEpochCompleted or TrainingRunCompleted or TrainingRunFailed
                    or TrainingRunCancelled or BiopsyRunRequested or BiopsyEpochCompleted or BiopsyRunCompleted
                    or MilRunRequested or MilEpochCompleted or MilRunCompleted => (LiveKinds.TrainingRun, ""),
                ModelRegistered or BiopsyModelRegistered or ModelPromoted or MilModelRegistered or FrameScorerPromoted => (LiveKinds.Model, ""),
                _ => ("", null),
            };
            if (centre is not null)
                notifications.Add(new LiveNotification(kind, e.StreamId, centre, e.EventType.Name, e.Sequence, e.Timestamp));
        }
        await _broadcast.PublishAsync(notifications, cancellationToken);
        return NullChangeListener.Instance;
    }

    private static string KindOf(ReviewItemKind kind) => kind == ReviewItemKind.Image ? LiveKinds.Image : LiveKinds.Examination;

    private static async Task<string?> CentreOfExaminationAsync(IDocumentOperations ops, Guid id, Dictionary<Guid, string?> cache, CancellationToken ct)
    {
        if (!cache.TryGetValue(id, out var centre))
            cache[id] = centre = (await ops.LoadAsync<ExaminationView>(id, ct))?.CentreId;
        return centre;
    }
}
