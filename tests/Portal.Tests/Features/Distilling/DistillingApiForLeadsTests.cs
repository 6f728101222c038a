using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// Leads read runs, models and frozen splits over HTTP, each cut to their centres' rows, and are refused every command;
/// clinicians are refused the reads too. The ledger is built by appending events (no training needed).
/// </summary>
public sealed class DistillingApiForLeadsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly PortalFactory _portal = new();
    private readonly Guid _run = Guid.NewGuid(), _model = Guid.NewGuid(), _frozen = Guid.NewGuid(), _draft = Guid.NewGuid();
    private HttpClient _lead = null!;
    private HttpClient _clinician = null!;

    public async Task InitializeAsync()
    {
        _portal.Start();
        var configuration = new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17);
        CentreMetrics[] metrics = [new("centre-a", 3, 0.8, 0.7, 4), new("centre-b", 2, 0.6, 0.5, null)];
        await using (var session = _portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<SplitView>(_frozen, Drafted(_frozen, "frozen one"), new SplitFrozen(_frozen, "manifest-frozen", "admin", At));
            session.Events.StartStream<SplitView>(_draft, Drafted(_draft, "draft one"));
            session.Events.StartStream<TrainingRunView>(_run,
                new TrainingRunRequested(_run, _frozen, "manifest-frozen", configuration, "code-1", 5, "admin", At),
                new TrainingRunStarted(_run, 1, 6, 2, 2, "trainer", At),
                new TrainingRunCompleted(_run, _model, "student-x", "onnx-sha", 1e-6, metrics, "trainer", At));
            session.Events.StartStream<ModelView>(_model, new ModelRegistered(_model, "student-x", "onnx-sha", _run, _frozen, "manifest-frozen", 5,
                configuration, "code-1", metrics, "trainer", At));
            await session.SaveChangesAsync();
        }
        _lead = await _portal.ClientForAsync("distil-lead", Role.Lead, "centre-a");
        _clinician = await _portal.ClientForAsync("distil-reader", Role.Clinician, "centre-a");
    }

    private static SplitDrafted Drafted(Guid id, string name) => new(id, name, new SplitRuleRecord(["consensus"], 0.5, null, 6, 0.5, 0.25, 0.25, null, 3),
        $"manifest-{name.Split(' ')[0]}", 2, 1, 1, new Dictionary<string, int> { ["consensus"] = 4 },
        new Dictionary<string, int> { ["centre-a"] = 3, ["centre-b"] = 1 }, new Dictionary<string, int>(), new SplitLeakageSummary([], []), "admin", At);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _portal.Dispose();

    private static IEnumerable<string> Centres(JsonElement item) =>
        item.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("centre").GetString()!);

    [Fact]
    public async Task A_lead_reads_runs_models_and_frozen_splits_with_only_their_centres_rows()
    {
        var runs = await _lead.GetFromJsonAsync<JsonElement>("/api/training-runs");
        Assert.Equal(["centre-a"], Centres(Assert.Single(runs.EnumerateArray())));
        var run = await _lead.GetFromJsonAsync<JsonElement>($"/api/training-runs/{_run}");
        Assert.Equal(("completed", "student"), (run.GetProperty("status").GetString(), run.GetProperty("kind").GetString()));
        Assert.Equal(["centre-a"], Centres(run));

        var model = Assert.Single((await _lead.GetFromJsonAsync<JsonElement>("/api/models")).EnumerateArray());
        Assert.Equal(_model, model.GetProperty("id").GetGuid());
        Assert.Equal(["centre-a"], Centres(model));

        var split = Assert.Single((await _lead.GetFromJsonAsync<JsonElement>("/api/splits")).EnumerateArray());
        Assert.Equal(_frozen, split.GetProperty("id").GetGuid());
        Assert.Equal(["centre-a"], split.GetProperty("centreCounts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, (await _lead.GetAsync($"/api/splits/{_frozen}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _lead.GetAsync($"/api/splits/{_draft}")).StatusCode);
    }

    [Fact]
    public async Task A_lead_is_refused_every_command_and_nothing_changes()
    {
        var training = new { splitId = _frozen, epochs = 2, size = 64 };
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsJsonAsync("/api/training-runs", training)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsync($"/api/training-runs/{_run}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsync($"/api/models/{_model}/promote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsJsonAsync("/api/splits", new { name = "mine", seed = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsync($"/api/splits/{_draft}/freeze", null)).StatusCode);

        Assert.Single((await _lead.GetFromJsonAsync<JsonElement>("/api/training-runs")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _lead.GetAsync($"/api/splits/{_draft}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_promote_an_optical_biopsy_classifier_to_propose_masks()
    {
        var biopsy = Guid.NewGuid();
        await using (var session = _portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<ModelView>(biopsy, new BiopsyModelRegistered(biopsy, "biopsy-mlp-v1-h16+x", "onnx-b", Guid.NewGuid(), _frozen,
                "manifest-frozen", 6, new BiopsyConfiguration(4, 32, 6, 1e-3, 16, 7, ["adenoma"], []), "code-1", 0.4, [], "biopsy-trainer", At));
            await session.SaveChangesAsync();
        }
        using var admin = await _portal.ClientForAsync("distil-admin");

        var refused = await admin.PostAsync($"/api/models/{biopsy}/promote", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("neither proposes masks nor scores frames", await refused.Content.ReadAsStringAsync());
        var proposer = await admin.GetFromJsonAsync<JsonElement>("/api/models/proposer");
        Assert.Empty(proposer.GetProperty("promotions").EnumerateArray());
        Assert.Equal(1, (await (await admin.PostAsync($"/api/models/{_model}/promote", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task A_clinician_is_refused_the_reads()
    {
        foreach (var path in new[] { "/api/training-runs", $"/api/training-runs/{_run}", "/api/models", "/api/splits", $"/api/splits/{_frozen}" })
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, (await _clinician.GetAsync(path)).StatusCode));
    }
}
