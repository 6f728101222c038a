using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Messaging;
using EndoKED.Shared.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>
/// Several portals: the elected one's subscription sends its notifications through PostgreSQL NOTIFY on a channel named
/// after the deployment's schema, and every portal (the sender too) LISTENs and hands them to its own notifier, so the
/// pages of every portal update. Payloads are chunked under PostgreSQL's 8,000-byte limit. A listener that loses its
/// connection reconnects; what was notified while it was away is not replayed (pages refresh from projections anyway).
/// </summary>
public sealed class PostgresLiveFanOut(EndoKedOptions options, LiveNotifier notifier, ILogger<PostgresLiveFanOut> logger)
    : BackgroundService, ILiveBroadcast
{
    private const int MaxPayloadBytes = 7_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Guid _node = Guid.NewGuid();
    private readonly PostgresNotifyChannel _channel = new(options.ConnectionString, "endoked_live_" + options.Schema, logger);

    public string Channel => _channel.Name;

    /// <summary>This portal's identity on the channel (and its listener's application name, for operators).</summary>
    public Guid Node => _node;

    /// <summary>Completes once this portal listens (tests wait for it before sending).</summary>
    public Task Listening => _channel.Listening;

    public async Task PublishAsync(IReadOnlyList<LiveNotification> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0) return;
        await _channel.NotifyAsync(Chunk(_node, notifications), ct);
    }

    /// <summary>Payloads of whole notifications, each under the limit, in order.</summary>
    public static IEnumerable<string> Chunk(Guid node, IReadOnlyList<LiveNotification> notifications)
    {
        var batch = new List<LiveNotification>();
        var size = 0;
        foreach (var n in notifications)
        {
            var one = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(n, Json)) + 1;
            if (batch.Count > 0 && size + one > MaxPayloadBytes - 80)
            {
                yield return JsonSerializer.Serialize(new Envelope(node, batch), Json);
                batch = [];
                size = 0;
            }
            batch.Add(n);
            size += one;
        }
        if (batch.Count > 0) yield return JsonSerializer.Serialize(new Envelope(node, batch), Json);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _channel.ListenAsync($"endoked-live-{_node:N}", async payload =>
        {
            if (JsonSerializer.Deserialize<Envelope>(payload, Json) is { } envelope)
                await notifier.PublishAsync(envelope.Notifications, originatedHere: envelope.Node == _node);
        }, stoppingToken);

    private sealed record Envelope(Guid Node, IReadOnlyList<LiveNotification> Notifications);
}
