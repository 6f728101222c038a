using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// The self-training rounds API end to end: an admin starts a round that the portal's own worker runs (here it fails,
/// saying what to do: the frames were never segmented); a second request while one is open is 409; bad input is 400
/// naming the field; clinicians get 403 everywhere, leads read rounds cut to their centres. An admin cancels an open
/// round, which the worker then stops; a round that is over cannot be cancelled.
/// </summary>
public sealed class SelfTrainingRoundsApiTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly PortalFactory _portal = new();
    private readonly Guid _model = Guid.NewGuid();
    private HttpClient _admin = null!, _lead = null!, _clinician = null!;

    private IDocumentStore Store => _portal.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        _portal.Start();
        await DistillingLedger.SeedAsync(Store, async (folder, centre) => await _portal.IngestAsync(folder, centre), ["centre-a", "centre-b"], 1);
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<ModelView>(_model, new ModelRegistered(_model, "student-x", "onnx-sha", Guid.NewGuid(), Guid.NewGuid(), "manifest", 5,
                new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17), "code-1", [], "trainer", At));
            await session.SaveChangesAsync();
        }
        _admin = await _portal.ClientForAsync("round-admin");
        _lead = await _portal.ClientForAsync("round-lead", Role.Lead, "centre-a");
        _clinician = await _portal.ClientForAsync("round-doc", Role.Clinician, "centre-a");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _portal.Dispose();

    private static async Task<string?> FieldOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString();

    [Fact]
    public async Task An_admin_starts_a_round_that_the_worker_runs_while_bad_input_and_other_roles_are_refused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.PostAsJsonAsync("/api/self-training/rounds", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsJsonAsync("/api/self-training/rounds", new { })).StatusCode);
        var badQuality = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { minQuality = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, badQuality.StatusCode);
        Assert.Equal("minQuality", await FieldOf(badQuality));
        var badCentre = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { centres = new[] { "centre-z" } });
        Assert.Equal("centres", await FieldOf(badCentre));
        var badModel = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { modelId = Guid.NewGuid() });
        Assert.Equal("modelId", await FieldOf(badModel));

        var started = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { minQuality = 0.6, centres = new[] { "centre-a" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(1, body.GetProperty("round").GetInt32());

        var round = await Eventually.Returns(() => _admin.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{id}"),
            r => r.GetProperty("status").GetString() is "completed" or "failed", "the round ends", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        Assert.Equal("failed", round.GetProperty("status").GetString());
        Assert.Contains("segment", round.GetProperty("failureReason").GetString());
        Assert.Equal(_model, round.GetProperty("modelId").GetGuid());
        Assert.Equal(0.6, round.GetProperty("minQuality").GetDouble());
        Assert.Equal(["centre-a"], round.GetProperty("centres").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("round:1;student:onnx-sha;box:student", round.GetProperty("provenance").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync($"/api/self-training/rounds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync("/api/self-training/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/self-training/rounds/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_request_while_a_round_is_open_is_a_conflict_and_a_lead_reads_only_their_centres_frames()
    {
        // A round requested and judging, as a worker leaves it between batches (recorded by appending its events).
        int latest;
        await using (var query = Store.QuerySession())
            latest = (await query.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync())?.Round ?? 0;
        var id = SelfTrainingRoundProvenance.StreamOf(latest + 1);
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<SelfTrainingRoundView>(id,
                new SelfTrainingRoundRequested(id, latest + 1, _model, "student-x", "onnx-sha", 0.5, [], "round-admin", At),
                new SelfTrainingRoundStarted(id, "embedded:1", 3, "worker", At),
                new SelfTrainingFramesJudged(id, [
                    new(Guid.NewGuid(), "centre-a", true, null, null, new FrameBox(1, 1, 9, 9), 0.8),
                    new(Guid.NewGuid(), "centre-b", false, "box-elsewhere", "elsewhere", new FrameBox(1, 1, 9, 9), null),
                    new(Guid.NewGuid(), "centre-b", false, "low-quality", "low", new FrameBox(1, 1, 9, 9), 0.2)], 0.5, "worker", At));
            await session.SaveChangesAsync();
        }

        var refused = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"Round {latest + 1}", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var asLead = await _lead.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{id}");
        Assert.Equal("running", asLead.GetProperty("status").GetString());
        Assert.Equal((1, 1, 0), (asLead.GetProperty("framesConsidered").GetInt32(), asLead.GetProperty("newMasks").GetInt32(), asLead.GetProperty("kept").GetInt32()));
        Assert.All(asLead.GetProperty("frames").EnumerateArray(), f => Assert.Equal("centre-a", f.GetProperty("centreId").GetString()));
        var asAdmin = await _admin.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{id}");
        Assert.Equal((3, 1, 2), (asAdmin.GetProperty("framesConsidered").GetInt32(), asAdmin.GetProperty("newMasks").GetInt32(), asAdmin.GetProperty("kept").GetInt32()));
        var listed = await _lead.GetFromJsonAsync<JsonElement>("/api/self-training/rounds");
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(id, new SelfTrainingRoundFailed(id, "stopped by the test", "worker", At));
            await session.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsJsonAsync("/api/self-training/rounds", new { centres = new[] { "centre-b" } })).StatusCode);
    }

    [Fact]
    public async Task An_admin_cancels_an_open_round_that_the_worker_stops_and_a_round_that_is_over_is_a_conflict_naming_its_status()
    {
        // A round requested and judging, as a worker leaves it between batches (recorded by appending its events).
        int latest;
        await using (var query = Store.QuerySession())
            latest = (await query.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync())?.Round ?? 0;
        var id = SelfTrainingRoundProvenance.StreamOf(latest + 1);
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<SelfTrainingRoundView>(id,
                new SelfTrainingRoundRequested(id, latest + 1, _model, "student-x", "onnx-sha", 0.5, [], "round-admin", At),
                new SelfTrainingRoundStarted(id, "embedded:1", 40, "worker", At),
                new SelfTrainingFramesJudged(id, [new(Guid.NewGuid(), "centre-a", true, null, null, new FrameBox(1, 1, 9, 9), 0.8)], 0.5, "worker", At));
            await session.SaveChangesAsync();
        }
        var cancel = $"/api/self-training/rounds/{id}/cancel";

        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.PostAsync(cancel, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsync(cancel, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"/api/self-training/rounds/{Guid.NewGuid()}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync(cancel, null)).StatusCode);
        var asked = await _admin.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{id}");
        Assert.Equal(("running", "round-admin"), (asked.GetProperty("status").GetString(), asked.GetProperty("cancelRequestedBy").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync("/api/self-training/rounds", new { })).StatusCode); // not stopped yet

        // The worker takes the round's message (as a re-delivery would) and stops it before judging anything more.
        await using (var scope = _portal.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(new RunSelfTrainingRound(id));
        var stopped = await Eventually.Returns(() => _admin.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{id}"),
            r => r.GetProperty("status").GetString() == "cancelled", "the worker stops the round", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        Assert.Equal((1, 1), (stopped.GetProperty("framesConsidered").GetInt32(), stopped.GetProperty("newMasks").GetInt32()));
        Assert.Single(stopped.GetProperty("frames").EnumerateArray());

        var over = await _admin.PostAsync(cancel, null);
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", problem.GetProperty("status").GetString());
        Assert.Contains("already cancelled", problem.GetProperty("detail").GetString());

        var next = await _admin.PostAsJsonAsync("/api/self-training/rounds", new { centres = new[] { "centre-a" } });
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.Returns(() => _admin.GetFromJsonAsync<JsonElement>($"/api/self-training/rounds/{nextId}"),
            r => r.GetProperty("status").GetString() == "failed", "the next round ends (its frames were never segmented)", TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));
        var failed = await _admin.PostAsync($"/api/self-training/rounds/{nextId}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, failed.StatusCode);
        Assert.Equal("failed", (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
