using System.Net.Http.Headers;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Review;

/// <summary>The portal without its pipeline handlers, so no extractor moves a stream version under the tests.</summary>
public sealed class ReviewPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EndoKED:RunPipelineHandlers", "false");
    }
}

/// <summary>
/// Examinations in centre-a (one per test that votes), one in centre-b, and four in centre-q for the queue, each with
/// a machine label appended as the extraction stage would; one 64×48 frame each.
/// </summary>
public sealed class ReviewFixture : IAsyncLifetime
{
    public ReviewPortal Portal { get; } = new();

    public static Guid Exam(string centre, string key) => StableIds.Examination(centre, key);

    public Guid ImageOf(string centre, string key) => _images[(centre, key)];

    private readonly Dictionary<(string, string), Guid> _images = [];

    public async Task InitializeAsync()
    {
        Portal.Start();
        await IngestAsync("centre-a", [.. Enumerable.Range(0, 16).Select(i => $"rev-{i:00}")]);
        await IngestAsync("centre-b", ["rev-b0"]);
        await IngestAsync("centre-q", ["q-confident", "q-flagged-low", "q-flagged-high", "q-disagree"]);

        await ProposeAsync("centre-a", [.. Enumerable.Range(0, 16).Select(i => ($"rev-{i:00}", PolypLabel.Present, 0.7, true, 0))]);
        await ProposeAsync("centre-b", [("rev-b0", PolypLabel.Present, 0.7, true, 0)]);
        await ProposeAsync("centre-q",
        [
            ("q-confident", PolypLabel.Absent, 0.95, false, 0), ("q-flagged-low", PolypLabel.Present, 0.2, true, 0),
            ("q-flagged-high", PolypLabel.Present, 0.8, true, 0), ("q-disagree", PolypLabel.Present, 0.8, true, 3),
        ]);
    }

    private async Task IngestAsync(string centre, string[] keys)
    {
        var root = TestPaths.NewTempDir("review-" + centre);
        foreach (var key in keys)
        {
            var frame = TestFrames.Png(seed: Math.Abs(HashCode.Combine(centre, key)) % 10_000);
            TestFrames.ExamFolder(root, key, $"Report {key}.", null, ("f.png", frame));
            _images[(centre, key)] = StableIds.Image(Exam(centre, key), LocalFileStore.Hash(frame));
        }

        await Portal.IngestAsync(root, centre);
    }

    private async Task ProposeAsync(string centre, (string Key, PolypLabel Label, double Confidence, bool NeedsReview, int Disagreements)[] labels)
    {
        await using var session = Portal.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        foreach (var (key, label, confidence, needsReview, disagreements) in labels)
        {
            session.Events.Append(Exam(centre, key), new ExaminationLabelProposed(Exam(centre, key), label, confidence, "test",
                [.. Enumerable.Range(0, disagreements).Select(i => "field" + i)], ["rules/1"], needsReview, "rules/1", DateTimeOffset.UtcNow));
        }

        await session.SaveChangesAsync();
    }

    /// <summary>A client signed in as that user (created on first use) with a token issued directly, past the sign-in rate limit.</summary>
    public async Task<HttpClient> ClientAsync(string user, Role role = Role.Clinician, params string[] centres)
    {
        await Portal.CreateUserAsync(user, role, centres.Length == 0 ? ["centre-a"] : centres);
        var (token, _) = await Portal.Services.GetRequiredService<ApiSessions>().IssueAsync(user);
        var client = Portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<IReadOnlyList<object>> EventsAsync(Guid id)
    {
        await using var session = Portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}
