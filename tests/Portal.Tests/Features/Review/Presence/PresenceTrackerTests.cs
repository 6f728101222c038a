using EndoKED.Portal.Features.Review.Presence;

namespace EndoKED.Portal.Tests.Features.Review.Presence;

public class PresenceTrackerTests
{
    [Fact]
    public void Watchers_hear_who_joins_and_leaves_an_item_and_nothing_of_other_items()
    {
        var tracker = new PresenceTracker();
        var item = Guid.NewGuid();
        var heard = 0;
        using var watch = tracker.Watch(item, () => { heard++; return Task.CompletedTask; });

        var a = tracker.Join(item, "clinician-a");
        var a2 = tracker.Join(item, "clinician-a"); // a second tab of the same reader
        var b = tracker.Join(item, "clinician-b");
        using var elsewhere = tracker.Join(Guid.NewGuid(), "clinician-c");
        Assert.Equal(["clinician-a", "clinician-b"], tracker.Present(item));
        Assert.Equal(3, heard);

        a.Dispose();
        Assert.Equal(["clinician-a", "clinician-b"], tracker.Present(item));
        a2.Dispose();
        a2.Dispose(); // twice is harmless
        b.Dispose();
        Assert.Empty(tracker.Present(item));
        Assert.Equal(6, heard);
    }

    [Fact]
    public void A_disposed_watch_hears_nothing_more()
    {
        var tracker = new PresenceTracker();
        var item = Guid.NewGuid();
        var heard = 0;
        tracker.Watch(item, () => { heard++; return Task.CompletedTask; }).Dispose();
        using var _ = tracker.Join(item, "clinician-a");
        Assert.Equal(0, heard);
    }
}
