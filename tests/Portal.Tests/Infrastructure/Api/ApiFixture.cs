using System.Net.Http.Headers;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure.Api;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api-input";
}

/// <summary>One portal with one examination of centre-a, and a bearer client for each role.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();
    public Guid Exam { get; } = StableIds.Examination("centre-a", "exam-fuzz");
    public Guid Image { get; private set; }
    public Dictionary<Role, HttpClient> Clients { get; } = [];
    public static readonly string[] Users = ["fuzz-clinician", "fuzz-lead", "fuzz-admin"];

    public async Task InitializeAsync()
    {
        Portal.Start();
        var root = TestPaths.NewTempDir("api-fuzz");
        var frame = TestFrames.Png(seed: 419);
        TestFrames.ExamFolder(root, "exam-fuzz", "Colonoscopy: one 4 mm polyp in the sigmoid, removed.", null, ("f.png", frame));
        await Portal.IngestAsync(root, "centre-a");
        Image = StableIds.Image(Exam, Pipeline.Infrastructure.Files.LocalFileStore.Hash(frame));
        Clients[Role.Clinician] = await Portal.ClientForAsync(Users[0], Role.Clinician, "centre-a");
        Clients[Role.Lead] = await Portal.ClientForAsync(Users[1], Role.Lead, "centre-a");
        Clients[Role.Admin] = await Portal.ClientForAsync(Users[2], Role.Admin);
    }

    /// <summary>
    /// A bearer client for a user of its own, its token issued directly: sign-in through /api/session is rate-limited per
    /// address, and the fuzz walk spends that budget.
    /// </summary>
    public async Task<HttpClient> BearerClientAsync(string user, Role role, params string[] centres)
    {
        await Portal.CreateUserAsync(user, role, centres);
        var account = await Portal.Services.GetRequiredService<Pipeline.Features.Accounts.Accounts>().FindAsync(user)
            ?? throw new InvalidOperationException($"no account {user}");
        var (token, _) = await Portal.Services.GetRequiredService<Pipeline.Features.Accounts.ApiSessions>().IssueAsync(account.Id);
        var client = Portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with no credentials, for a caller signed in by cookie or not at all.</summary>
    public HttpClient Anonymous() => Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    public AuthenticationHeaderValue? Bearer(Role role) => Clients[role].DefaultRequestHeaders.Authorization;

    /// <summary>The ledger's highest event sequence now.</summary>
    public async Task<long> HighWaterAsync()
    {
        var stats = await Portal.Services.GetRequiredService<IDocumentStore>().Advanced.FetchEventStoreStatistics();
        return stats.EventSequenceNumber;
    }

    /// <summary>
    /// Events a test caller wrote since <paramref name="after"/>, other than its access-log views (a read of an item it
    /// may see is logged, whatever else the request held; background pipeline work has other actors), and the highest
    /// sequence seen, to pass as <paramref name="after"/> next time.
    /// </summary>
    public async Task<(IReadOnlyList<(Guid Stream, string What)> Written, long HighWater)> WrittenByCallersSinceAsync(long after)
    {
        await using var session = Portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).ToListAsync();
        var written = events.Where(e => e.Data is IHasActor a && Users.Contains(a.Actor) && e.Data is not ItemViewed)
            .Select(e => (e.StreamId, $"{e.EventTypeName} by {((IHasActor)e.Data).Actor}")).ToList();
        return (written, events.Count == 0 ? after : Math.Max(after, events.Max(e => e.Sequence)));
    }

    public Task DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        Portal.Dispose();
        return Task.CompletedTask;
    }
}
