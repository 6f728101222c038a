using System.Reflection;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Live;

/// <summary>Each event says whether and how it reaches live pages, and the subscription follows what they say.</summary>
public sealed class LiveRoutesTests
{
    private static readonly string[] Kinds = typeof(LiveKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public void Every_event_type_in_shared_declares_exactly_one_live_decision()
    {
        Assert.True(LiveRoutes.EventTypes.Count >= 50, $"only {LiveRoutes.EventTypes.Count} event types found");
        var undecided = LiveRoutes.EventTypes
            .Where(t => (t.GetCustomAttribute<LiveAttribute>() is null) == (t.GetCustomAttribute<NotLiveAttribute>() is null))
            .Select(t => t.Name).ToList();
        Assert.True(undecided.Count == 0, "declare [Live(...)] or [NotLive(\"why\")] on: " + string.Join(", ", undecided));
        Assert.All(LiveRoutes.EventTypes.Select(t => t.GetCustomAttribute<NotLiveAttribute>()).OfType<NotLiveAttribute>(),
            n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));
    }

    [Fact]
    public void A_route_names_a_known_kind_and_a_centre_the_event_can_give()
    {
        foreach (var (type, route) in LiveRoutes.Routed)
        {
            if (route.Kind is null) Assert.True(typeof(IReviewItemEvent).IsAssignableFrom(type), $"{type.Name}: no kind, yet not a review-item event");
            else Assert.Contains(route.Kind, Kinds);
            if (route.Centre == LiveCentre.OfEvent) Assert.True(typeof(ICentreEvent).IsAssignableFrom(type), $"{type.Name}: centre of the event, yet no CentreId");
        }
    }

    [Fact]
    public void The_subscription_includes_every_routed_event_type_and_no_other()
    {
        var subscription = new LiveNotificationsSubscription(new InProcessLiveBroadcast(new LiveNotifier()), TimeProvider.System);
        Assert.Equal(LiveRoutes.Routed.Keys.OrderBy(t => t.Name), subscription.IncludedEventTypes.OrderBy(t => t.Name));
        Assert.DoesNotContain(typeof(ItemViewed), subscription.IncludedEventTypes);
        Assert.Contains(typeof(VoteWithdrawn), subscription.IncludedEventTypes);
    }

    [Fact]
    public void A_vote_is_an_examination_or_an_image_notification_by_its_item()
    {
        var route = LiveRoutes.Routed[typeof(VoteCast)];
        VoteCast Vote(ReviewItemKind kind) => new(Guid.NewGuid(), kind, Guid.NewGuid(), "centre-a", "r", ReviewVerdict.Accept, null, null,
            default, null, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(LiveKinds.Image, LiveRoutes.KindOf(Vote(ReviewItemKind.Image), route));
        Assert.Equal(LiveKinds.Examination, LiveRoutes.KindOf(Vote(ReviewItemKind.Examination), route));
        Assert.Equal(LiveKinds.TrainingRun, LiveRoutes.KindOf(new MilEpochCompleted(Guid.NewGuid(), 1, 2, 0.1, null, [], 1, "a", DateTimeOffset.UnixEpoch), LiveRoutes.Routed[typeof(MilEpochCompleted)]));
    }
}
