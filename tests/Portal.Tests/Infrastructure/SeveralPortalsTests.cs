using System.Collections.Concurrent;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Shared;
using EndoKED.Shared.Live;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure;

/// <summary>
/// Two portals on one ledger (EndoKED:DaemonMode=HotCold): one of them runs the daemon, both tell their pages and hub
/// clients about every change exactly once, the dashboards count each record once, and the other takes over the
/// daemon when the elected one goes away.
/// </summary>
public sealed class SeveralPortalsTests
{
    private sealed class HotColdPortal : PortalFactory
    {
        /// <summary>A Redis backplane (host:port) and its channel prefix; null: none.</summary>
        public (string Redis, string Prefix)? Backplane { get; init; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:DaemonMode", "HotCold");
            if (Backplane is { } b)
            {
                builder.UseSetting("EndoKED:SignalR:Redis", b.Redis);
                builder.UseSetting("EndoKED:SignalR:ChannelPrefix", b.Prefix);
            }
        }
    }

    [Fact]
    public async Task Both_portals_hear_each_change_once_and_the_survivor_takes_over_the_daemon()
    {
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var first = new HotColdPortal { Schema = schema, KeepSchema = true };
        using var second = new HotColdPortal { Schema = schema };
        first.Start();
        second.Start();
        var pages = new[] { Pages(first), Pages(second) };
        var hubs = new[] { await ConnectAsync(first, "hub-admin-1"), await ConnectAsync(second, "hub-admin-2") };

        await IngestAsync(second, "multi-1", "centre-m");

        await Eventually.That(() => Ingested(pages) >= 1 && Ingested(hubs) >= 1, "every page and hub hears the record", TimeSpan.FromSeconds(60));
        // A second record in another centre, ingested after the first: once it is heard and counted, a duplicate of the
        // first would have been too.
        await IngestAsync(second, "multi-later", "centre-n");
        await Eventually.That(() => Ingested(pages) >= 2 && Ingested(hubs) >= 2 && Examinations(second, "centre-n") == 1,
            "every page and hub hears the later record and the dashboards count it", TimeSpan.FromSeconds(60));
        Assert.All(pages, p => Assert.Equal(2, p.Count(n => n.EventType == "ExaminationIngested")));
        Assert.All(hubs, h => Assert.Equal(2, h.Count(n => n.EventType == "ExaminationIngested")));
        Assert.Equal(1, Examinations(second, "centre-m"));

        // The first portal goes away; the second is now alone and must take over the subscription and the projection.
        first.Dispose();
        await IngestAsync(second, "multi-2", "centre-m");
        await Eventually.That(() => Examinations(second, "centre-m") == 2, "the survivor's dashboards count the new record", TimeSpan.FromSeconds(60));
        await Eventually.That(() => pages[1].Count(n => n.EventType == "ExaminationIngested") == 3, "the survivor's pages hear the new record", TimeSpan.FromSeconds(120));
        Assert.Equal(2, Examinations(second, "centre-m"));
        foreach (var h in hubs) await h.Connection.DisposeAsync();
    }

    [SkippableFact]
    public async Task Behind_a_real_redis_backplane_every_hub_client_hears_each_change_once()
    {
        var redis = Environment.GetEnvironmentVariable("ENDOKED_TEST_REDIS");
        Skip.If(string.IsNullOrWhiteSpace(redis), "ENDOKED_TEST_REDIS is not set: ./endoked test starts a private redis-server for this test.");
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var backplane = (redis!, "t-" + schema);
        using var first = new HotColdPortal { Schema = schema, KeepSchema = true, Backplane = backplane };
        using var second = new HotColdPortal { Schema = schema, Backplane = backplane };
        first.Start();
        second.Start();
        var hubs = new[] { await ConnectAsync(first, "redis-admin-1"), await ConnectAsync(second, "redis-admin-2") };

        await IngestAsync(first, "redis-1", "centre-r");
        await IngestAsync(second, "redis-2", "centre-r");

        // Each portal hears every change through PostgreSQL; only the one whose subscription produced it relays it into
        // Redis, which hands it to every portal's hub clients: one copy each, whichever portal a client is on.
        await Eventually.That(() => Ingested(hubs) >= 2, "every hub client hears both records", TimeSpan.FromSeconds(60));
        // A third record after them: once every client has heard it, a duplicate of the first two would have come before.
        await IngestAsync(first, "redis-3", "centre-r");
        await Eventually.That(() => Ingested(hubs) >= 3, "every hub client hears the later record", TimeSpan.FromSeconds(60));
        Assert.All(hubs, h => Assert.Equal(3, h.Count(n => n.EventType == "ExaminationIngested")));
        foreach (var h in hubs) await h.Connection.DisposeAsync();
    }

    private static ConcurrentQueue<LiveNotification> Pages(PortalFactory portal)
    {
        var seen = new ConcurrentQueue<LiveNotification>();
        portal.Services.GetRequiredService<LiveNotifier>().Subscribe(n => { seen.Enqueue(n); return Task.CompletedTask; });
        return seen;
    }

    private static async Task IngestAsync(PortalFactory portal, string exam, string centre)
    {
        var folder = TestPaths.NewTempDir(exam);
        TestFrames.ExamFolder(folder, exam, "No polyps seen.", null, ("f.png", TestFrames.Png(seed: exam.GetHashCode() & 0xffff)));
        await portal.IngestAsync(folder, centre);
    }

    private static int Examinations(PortalFactory portal, string centre)
    {
        using var session = portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return session.Query<CentreWeekStats>().Where(s => s.CentreId == centre && s.Basis == WeekBasis.Ingest).ToListAsync().GetAwaiter().GetResult().Sum(s => s.Examinations);
    }

    private static async Task<Hub> ConnectAsync(PortalFactory portal, string user)
    {
        var http = await portal.ClientForAsync(user, Role.Admin);
        var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(portal.Server.BaseAddress, LiveHubContract.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => portal.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var hub = new Hub(connection);
        connection.On<LiveNotification>(LiveHubContract.Notification, hub.Enqueue);
        await connection.StartAsync();
        return hub;
    }

    /// <summary>The fewest ExaminationIngested notifications any of these listeners has heard.</summary>
    private static int Ingested(IEnumerable<IEnumerable<LiveNotification>> listeners) =>
        listeners.Min(l => l.Count(n => n.EventType == "ExaminationIngested"));

    private sealed class Hub(HubConnection connection) : ConcurrentQueue<LiveNotification>
    {
        public HubConnection Connection => connection;
    }
}
