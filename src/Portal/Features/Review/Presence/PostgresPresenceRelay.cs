using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using EndoKED.Pipeline.Infrastructure;
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
    private readonly ConcurrentQueue<string> _received = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ChannelName => "endoked_presence_" + options.Schema;

    /// <summary>Completes once this portal listens (tests wait for it).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        tracker.LocalChanged = item => _changed.Writer.TryWrite(item);
        try
        {
            await Task.WhenAll(ListenLoopAsync(stoppingToken), SendLoopAsync(stoppingToken), HeartbeatLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            tracker.LocalChanged = null;
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        await foreach (var item in _changed.Reader.ReadAllAsync(ct))
            await SendSafelyAsync([new ItemUsers(item, tracker.LocalUsers(item))], ct);
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(timing.Heartbeat, clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            tracker.ExpireRemote(clock.GetUtcNow() - timing.Expiry);
            var snapshot = tracker.LocalSnapshot().Select(kv => new ItemUsers(kv.Key, kv.Value)).ToList();
            foreach (var chunk in snapshot.Chunk(ItemsPerMessage))
                await SendSafelyAsync(chunk, ct);
        }
    }

    private async Task SendSafelyAsync(IReadOnlyList<ItemUsers> items, CancellationToken ct)
    {
        try
        {
            await using var conn = new NpgsqlConnection(options.ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("select pg_notify(@channel, @payload)", conn);
            cmd.Parameters.AddWithValue("channel", ChannelName);
            cmd.Parameters.AddWithValue("payload", JsonSerializer.Serialize(new PresenceMessage(_node, items), Json));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // The next heartbeat restates everything; the other portals keep the last state until it expires.
            logger.LogWarning("Presence: could not tell the other portals ({Error})", e.Message);
        }
    }

    private async Task ListenLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Presence: lost the PostgreSQL listener ({Error}); reconnecting in 2 s", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { KeepAlive = 30, ApplicationName = $"endoked-presence-{_node:N}" }.ConnectionString);
        await conn.OpenAsync(ct);
        conn.Notification += (_, e) => _received.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN \"{ChannelName}\"", conn))
            await listen.ExecuteNonQueryAsync(ct);
        _listening.TrySetResult();
        while (!ct.IsCancellationRequested)
        {
            await conn.WaitAsync(ct);
            while (_received.TryDequeue(out var payload))
            {
                if (JsonSerializer.Deserialize<PresenceMessage>(payload, Json) is not { } message || message.Node == _node) continue;
                foreach (var item in message.Items)
                    tracker.ApplyRemote(message.Node, item.Item, item.Users, clock.GetUtcNow());
            }
        }
    }

    private sealed record ItemUsers(Guid Item, IReadOnlyList<string> Users);

    private sealed record PresenceMessage(Guid Node, IReadOnlyList<ItemUsers> Items);
}
