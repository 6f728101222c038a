using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Live;
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
        foreach (var type in LiveRoutes.Routed.Keys) IncludeType(type);
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
            if (!LiveRoutes.Routed.TryGetValue(e.Data.GetType(), out var route)) continue;
            var centre = route.Centre switch
            {
                // Runs span centres: no centre, so the hub sends them to the all-centres group only (portal pages, which
                // read through scoped queries, hear them all: Leads follow training runs and models there).
                LiveCentre.AllCentres => "",
                LiveCentre.OfEvent => ((ICentreEvent)e.Data).CentreId,
                _ => await CentreOfExaminationAsync(operations, e.StreamId, centres, cancellationToken),
            };
            var kind = LiveRoutes.KindOf(e.Data, route);
            if (centre is not null)
                notifications.Add(new LiveNotification(kind, e.StreamId, centre, e.EventType.Name, e.Sequence, e.Timestamp));
        }
        await _broadcast.PublishAsync(notifications, cancellationToken);
        return NullChangeListener.Instance;
    }

    private static async Task<string?> CentreOfExaminationAsync(IDocumentOperations ops, Guid id, Dictionary<Guid, string?> cache, CancellationToken ct)
    {
        if (!cache.TryGetValue(id, out var centre))
            cache[id] = centre = (await ops.LoadAsync<ExaminationView>(id, ct))?.CentreId;
        return centre;
    }
}
