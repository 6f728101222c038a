using System.Text;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EndoKED.Pipeline.Tests.Features.Live;

/// <summary>Several portals: the live notifications of the elected one reach every portal's pages through PostgreSQL.</summary>
public sealed class FanningOutLiveNotificationsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<LiveNotification> Notifications(int count, string centre = "centre-a") =>
        [.. Enumerable.Range(1, count).Select(i => new LiveNotification(LiveKinds.Image, Guid.NewGuid(), centre, "ImageScored", i, At))];

    private sealed class Portal : IAsyncDisposable
    {
        public LiveNotifier Notifier { get; } = new();
        public PostgresLiveFanOut FanOut { get; }
        public List<LiveNotification> Seen { get; } = [];
        public List<LiveNotification> SeenAsOrigin { get; } = [];

        public Portal(EndoKedOptions options)
        {
            FanOut = new PostgresLiveFanOut(options, Notifier, NullLogger<PostgresLiveFanOut>.Instance);
            Notifier.Subscribe(n => { lock (Seen) Seen.Add(n); return Task.CompletedTask; });
            Notifier.Subscribe(n => { lock (SeenAsOrigin) SeenAsOrigin.Add(n); return Task.CompletedTask; }, originatedHereOnly: true);
        }

        public async Task StartAsync()
        {
            await FanOut.StartAsync(CancellationToken.None);
            await FanOut.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync()
        {
            await FanOut.StopAsync(CancellationToken.None);
            FanOut.Dispose();
        }
    }

    private static EndoKedOptions Options() =>
        new() { ConnectionString = LedgerFixture.ConnectionString, Schema = "t_" + Guid.NewGuid().ToString("N")[..12] };

    [Fact]
    public void Payloads_stay_under_the_postgres_limit_and_keep_every_notification_in_order()
    {
        var notifications = Notifications(500);
        var payloads = PostgresLiveFanOut.Chunk(Guid.NewGuid(), notifications).ToList();

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) < 8000, $"payload of {Encoding.UTF8.GetByteCount(p)} bytes"));
        var sequences = payloads.SelectMany(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("notifications")
            .EnumerateArray().Select(n => n.GetProperty("sequence").GetInt64())).ToList();
        Assert.Equal(notifications.Select(n => n.Sequence), sequences);
    }

    [Fact]
    public async Task Every_portal_hears_what_the_elected_one_saw_and_only_the_sender_counts_it_as_its_own()
    {
        var options = Options();
        await using var elected = new Portal(options);
        await using var other = new Portal(options);
        await elected.StartAsync();
        await other.StartAsync();
        var sent = Notifications(600);

        await elected.FanOut.PublishAsync(sent, CancellationToken.None);
        await Eventually.That(() => elected.Seen.Count == sent.Count && other.Seen.Count == sent.Count, "both portals hear every notification");

        Assert.Equal(sent, elected.Seen);
        Assert.Equal(sent, other.Seen);
        Assert.Equal(sent, elected.SeenAsOrigin);
        Assert.Empty(other.SeenAsOrigin);
    }

    [Fact]
    public async Task Another_deployment_on_the_same_server_hears_nothing()
    {
        await using var ours = new Portal(Options());
        await using var theirs = new Portal(Options());
        await ours.StartAsync();
        await theirs.StartAsync();

        await ours.FanOut.PublishAsync(Notifications(3), CancellationToken.None);
        await Eventually.That(() => ours.Seen.Count == 3, "our deployment hears its three notifications");
        // Theirs sends one of its own after ours: once it has heard that, ours would have reached it before.
        var theirOwn = Notifications(1, "centre-b")[0];
        await theirs.FanOut.PublishAsync([theirOwn], CancellationToken.None);
        await Eventually.That(() => theirs.Seen.Count > 0, "the other deployment hears its own notification");

        Assert.Equal(3, ours.Seen.Count);
        Assert.Equal(theirOwn.ItemId, Assert.Single(theirs.Seen).ItemId);
    }

    [Fact]
    public async Task A_portal_whose_listening_connection_is_killed_reconnects_and_hears_what_comes_next()
    {
        var options = Options();
        await using var elected = new Portal(options);
        await using var other = new Portal(options);
        await elected.StartAsync();
        await other.StartAsync();

        await using (var conn = new NpgsqlConnection(LedgerFixture.ConnectionString))
        {
            await conn.OpenAsync();
            await using var kill = new NpgsqlCommand("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = @name", conn);
            kill.Parameters.AddWithValue("name", $"endoked-live-{other.FanOut.Node:N}");
            Assert.Equal(1L, Convert.ToInt64(await kill.ExecuteScalarAsync()));
        }

        // Sent until the listener is back (a notification sent while it is away is not replayed, by design).
        var after = Notifications(1, "centre-b")[0];
        await Eventually.That(async () =>
        {
            if (other.Seen.Any(n => n.ItemId == after.ItemId)) return true;
            await elected.FanOut.PublishAsync([after], CancellationToken.None);
            return false;
        }, "the reconnected portal hears a notification sent after it came back", every: TimeSpan.FromMilliseconds(500));
    }
}
