using EndoKED.Pipeline.Infrastructure;
using EndoKED.Portal.Features.Review.Presence;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoKED.Portal.Tests.Features.Review.Presence;

/// <summary>
/// Two portals' presence trackers joined by their relays over the throwaway PostgreSQL (NOTIFY on the deployment's
/// channel): a reader on one portal is shown on the other, leaves there when they leave, and a portal that stops is
/// forgotten once its entries are not restated. Short heartbeats keep the test quick.
/// </summary>
public sealed class PresenceAcrossPortalsTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly EndoKedOptions _options = new() { ConnectionString = PortalFactory.ConnectionString, Schema = "presence_" + Guid.NewGuid().ToString("N")[..8] };
    private readonly PresenceRelayOptions _timing = new() { Heartbeat = TimeSpan.FromMilliseconds(300), Expiry = TimeSpan.FromSeconds(2) };
    private readonly PresenceTracker _a = new(), _b = new();
    private PostgresPresenceRelay _relayA = null!, _relayB = null!;

    public async Task InitializeAsync()
    {
        _relayA = new PostgresPresenceRelay(_options, _a, _timing, TimeProvider.System, NullLogger<PostgresPresenceRelay>.Instance);
        _relayB = new PostgresPresenceRelay(_options, _b, _timing, TimeProvider.System, NullLogger<PostgresPresenceRelay>.Instance);
        await _relayA.StartAsync(CancellationToken.None);
        await _relayB.StartAsync(CancellationToken.None);
        await Task.WhenAll(_relayA.Listening, _relayB.Listening).WaitAsync(Wait);
    }

    public async Task DisposeAsync()
    {
        await _relayA.StopAsync(CancellationToken.None);
        await _relayB.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _relayA.Dispose();
        _relayB.Dispose();
    }

    [Fact]
    public async Task A_reader_on_one_portal_is_shown_on_the_other_with_its_own_readers_and_goes_when_they_leave()
    {
        var item = Guid.NewGuid();
        var heardOnB = 0;
        using var watch = _b.Watch(item, () => { Interlocked.Increment(ref heardOnB); return Task.CompletedTask; });
        using var bob = _b.Join(item, "bob");

        var alice = _a.Join(item, "alice");
        await Eventually.That(() => _b.Present(item).Contains("alice"), "alice appears on portal B", Wait);
        Assert.Equal(["bob", "alice"], _b.Present(item));
        await Eventually.That(() => _a.Present(item).Contains("bob"), "bob appears on portal A", Wait);
        Assert.True(heardOnB >= 2, "portal B's page was told (its own join and alice's)");

        alice.Dispose();
        await Eventually.That(() => !_b.Present(item).Contains("alice"), "alice leaves portal B's list", Wait);
        Assert.Equal(["bob"], _b.Present(item));
        Assert.Empty(_b.Present(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_portal_that_stops_is_forgotten_once_its_heartbeat_no_longer_restates_its_readers()
    {
        var item = Guid.NewGuid();
        _a.Join(item, "carol");
        await Eventually.That(() => _b.Present(item).Contains("carol"), "carol appears on portal B", Wait);
        await Task.Delay(_timing.Expiry + _timing.Heartbeat); // the heartbeat keeps her there past the expiry
        Assert.Contains("carol", _b.Present(item));

        await _relayA.StopAsync(CancellationToken.None);

        await Eventually.That(() => _b.Present(item).Count == 0, "carol expires on portal B after portal A stopped", Wait);
    }
}
