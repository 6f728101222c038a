using System.Collections.Concurrent;
using EndoKED.Shared;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EndoKED.Portal.Tests.Features.Access;

public class LiveHubScopingTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public LiveHubScopingTests() => _portal.Start();

    public void Dispose()
    {
        _portal.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Hub_notifications_reach_only_the_callers_who_may_see_the_centre()
    {
        var clinicianA = await ConnectAsync("hub-clin-a", Role.Clinician, "centre-a");
        var admin = await ConnectAsync("hub-admin", Role.Admin);

        var a = TestPaths.NewTempDir("hub-a");
        var b = TestPaths.NewTempDir("hub-b");
        TestFrames.ExamFolder(a, "exam-hub-a", "A.", null, ("f.png", TestFrames.Png(seed: 501)));
        TestFrames.ExamFolder(b, "exam-hub-b", "B.", null, ("f.png", TestFrames.Png(seed: 502)));
        await _portal.IngestAsync(b, "centre-b");
        await _portal.IngestAsync(a, "centre-a");

        // The admin sees both centres' events; once centre-a's have reached the clinician, centre-b's (sent earlier) would have too.
        await Eventually.That(() => admin.Received.Any(n => n.CentreId == "centre-a") && admin.Received.Any(n => n.CentreId == "centre-b"),
            "the admin hears both centres", TimeSpan.FromSeconds(20));
        await Eventually.That(() => clinicianA.Received.Count(n => n.CentreId == "centre-a") >= 3, "the clinician hears centre-a's events", TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(clinicianA.Received, n => n.CentreId == "centre-b");
        Assert.Contains(clinicianA.Received, n => n is { EventType: "ExaminationIngested", Kind: "examination" });
        Assert.Contains(clinicianA.Received, n => n is { EventType: "ImageIngested", Kind: "image" });

        await clinicianA.Connection.DisposeAsync();
        await admin.Connection.DisposeAsync();
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_session()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_portal.Server.BaseAddress, LiveHubContract.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => _portal.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
    }

    private async Task<Listener> ConnectAsync(string user, Role role, params string[] centres)
    {
        var http = await _portal.ClientForAsync(user, role, centres);
        var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_portal.Server.BaseAddress, LiveHubContract.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => _portal.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var listener = new Listener(connection);
        connection.On<LiveNotification>(LiveHubContract.Notification, n => listener.Received.Add(n));
        await connection.StartAsync();
        return listener;
    }

    private sealed record Listener(HubConnection Connection)
    {
        public ConcurrentBag<LiveNotification> Received { get; } = [];
    }
}
