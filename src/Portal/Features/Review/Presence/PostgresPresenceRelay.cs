using System.Text.Json;
using System.Threading.Channels;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Messaging;
using Npgsql;

namespace EndoKED.Portal.Features.Review.Presence;

/// <summary>Timing of the presence relay between portals.</summary>
public sealed record PresenceRelayOptions
{
    /// <summary>How often a portal restates who it has on which item (the other portals' entries live on it).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An entry not restated for this long is dropped: its portal stopped or lost its connection.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromSeconds(35);
}

/// <summary>
/// Presence across several portals (DaemonMode HotCold): every local join or leave sends the item's local users through
/// PostgreSQL NOTIFY on a channel named after the deployment's schema, a heartbeat restates them all, and what the
/// other portals send is applied to this portal's <see cref="PresenceTracker"/>. Messages carry user names and item
/// ids only, between portals of one deployment on its own database; pages show an item's presence only to readers who
/// may open that item.
/// </summary>
public sealed class PostgresPresenceRelay(EndoKedOptions options, PresenceTracker tracker, PresenceRelayOptions timing,
    TimeProvider clock, ILogger<PostgresPresenceRelay> logger) : BackgroundService
{
    private const int ItemsPerMessage = 40;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Guid _node = Guid.NewGuid();
    private readonly Channel<Guid> _changed = Channel.CreateUnbounded<Guid>();
    private readonly PostgresNotifyChannel _channel = new(options.ConnectionString, "endoked_presence_" + options.Schema, logger);

    public string ChannelName => _channel.Name;

    /// <summary>Completes once this portal listens (tests wait for it).</summary>
    public Task Listening => _channel.Listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        tracker.LocalChanged = item => _changed.Writer.TryWrite(item);
        try
        {
            await Task.WhenAll(_channel.ListenAsync($"endoked-presence-{_node:N}", Receive, stoppingToken),
                SendLoopAsync(stoppingToken), HeartbeatLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            tracker.LocalChanged = null;
        }
    }

    private Task Receive(string payload)
    {
        if (JsonSerializer.Deserialize<PresenceMessage>(payload, Json) is { } message && message.Node != _node)
        {
            foreach (var item in message.Items)
                tracker.ApplyRemote(message.Node, item.Item, item.Users, clock.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        await foreach (var item in _changed.Reader.ReadAllAsync(ct))
            await SendSafelyAsync([[new ItemUsers(item, tracker.LocalUsers(item))]], ct);
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(timing.Heartbeat, clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            tracker.ExpireRemote(clock.GetUtcNow() - timing.Expiry);
            var snapshot = tracker.LocalSnapshot().Select(kv => new ItemUsers(kv.Key, kv.Value));
            await SendSafelyAsync(snapshot.Chunk(ItemsPerMessage), ct);
        }
    }

    private async Task SendSafelyAsync(IEnumerable<IReadOnlyList<ItemUsers>> messages, CancellationToken ct)
    {
        try
        {
            await _channel.NotifyAsync(messages.Select(items => JsonSerializer.Serialize(new PresenceMessage(_node, items), Json)), ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // The next heartbeat restates everything; the other portals keep the last state until it expires.
            logger.LogWarning("Presence: could not tell the other portals ({Error})", e.Message);
        }
    }

    private sealed record ItemUsers(Guid Item, IReadOnlyList<string> Users);

    private sealed record PresenceMessage(Guid Node, IReadOnlyList<ItemUsers> Items);
}
