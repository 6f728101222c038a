using Microsoft.Extensions.Logging;
using Npgsql;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>
/// One PostgreSQL NOTIFY channel between the processes of a deployment (the live fan-out and the presence relay use
/// one each): <see cref="NotifyAsync"/> sends payloads (each under PostgreSQL's 8,000-byte limit, the caller's job), and
/// <see cref="ListenAsync"/> hands every payload to a callback on a dedicated connection, reconnecting after 2 s when it
/// is lost. What was sent while a listener was away is not replayed.
/// </summary>
public sealed class PostgresNotifyChannel(string connectionString, string channel, ILogger logger)
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => channel;

    /// <summary>Completes once the first LISTEN is in place (tests wait for it before sending).</summary>
    public Task Listening => _listening.Task;

    /// <summary>Sends the payloads in order on one connection; none opens no connection.</summary>
    public async Task NotifyAsync(IEnumerable<string> payloads, CancellationToken ct)
    {
        var list = payloads.ToList();
        if (list.Count == 0) return;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        foreach (var payload in list)
        {
            await using var cmd = new NpgsqlCommand("select pg_notify(@channel, @payload)", conn);
            cmd.Parameters.AddWithValue("channel", channel);
            cmd.Parameters.AddWithValue("payload", payload);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Listens until <paramref name="ct"/> is cancelled; <paramref name="applicationName"/> names the connection for operators.</summary>
    public async Task ListenAsync(string applicationName, Func<string, Task> received, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(applicationName, received, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("{Channel}: lost the PostgreSQL listener ({Error}); reconnecting in 2 s", channel, e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ListenOnceAsync(string applicationName, Func<string, Task> received, CancellationToken ct)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, ApplicationName = applicationName }.ConnectionString);
        await conn.OpenAsync(ct);
        conn.Notification += (_, e) => queue.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", conn))
            await listen.ExecuteNonQueryAsync(ct);
        _listening.TrySetResult();
        while (!ct.IsCancellationRequested)
        {
            await conn.WaitAsync(ct);
            while (queue.TryDequeue(out var payload))
                await received(payload);
        }
    }
}
