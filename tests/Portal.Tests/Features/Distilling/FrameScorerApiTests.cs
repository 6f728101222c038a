using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// The frame scorer over HTTP: a MIL head promoted with role=scorer, the models that cannot take that role refused with the
/// decider's words, the scorer read back, a mil run refused on an empty ledger, and a pipeline run naming its scorer. The
/// registry is built by appending events (no training, no examination).
/// </summary>
public sealed class FrameScorerApiTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly PortalFactory _portal = new();
    private readonly Guid _mil = Guid.NewGuid(), _student = Guid.NewGuid(), _biopsy = Guid.NewGuid(), _pipelineRun = Guid.NewGuid(), _milRun = Guid.NewGuid();
    private HttpClient _admin = null!;
    private HttpClient _lead = null!;

    public async Task InitializeAsync()
    {
        _portal.Start();
        var split = Guid.NewGuid();
        var mil = new MilConfiguration(60, 1e-3, 4, 17, 0.5, 0.8, 0.25, false);
        MilLabelCount[] counts = [new("centre-a", 3, 5, 6, 2, 6, 2, new Dictionary<string, int> { ["no frames"] = 1 })];
        await using (var session = _portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<ModelView>(_mil, new MilModelRegistered(_mil, "mil-head-v1+x", "onnx-mil", "resnet18-imagenet-v1", 0.5,
                Guid.NewGuid(), null, "bags-sha", 9, mil, "final labels, or machine labels from 0.8", "patients drawn (seed 17)", counts,
                [new MilCentreAuc("centre-a", 2, 1, 0.75)], "code-1", "mil-trainer", At));
            session.Events.StartStream<ModelView>(_student, new ModelRegistered(_student, "student-x", "onnx-s", Guid.NewGuid(), split, "manifest",
                5, new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17), "code-1", [], "trainer", At));
            session.Events.StartStream<ModelView>(_biopsy, new BiopsyModelRegistered(_biopsy, "biopsy-mlp-v1", "onnx-b", Guid.NewGuid(), split,
                "manifest", 6, new BiopsyConfiguration(4, 32, 6, 1e-3, 16, 7, ["adenoma"], []), "code-1", 0.4, [], "biopsy-trainer", At));
            session.Events.StartStream<TrainingRunView>(_milRun, new MilRunRequested(_milRun, null, null, "bags-sha", mil,
                "final labels, or machine labels from 0.8", "patients drawn (seed 17)", counts, "code-1", 9, "admin", At));
            session.Events.StartStream<PipelineRunView>(_pipelineRun, new PipelineRunRequested(_pipelineRun, ["centre-a"], ["score"], "rules", false,
                "admin", At, FrameScorer: new FrameScorerChoice(_mil, "mil-head-v1+x", "promoted")));
            await session.SaveChangesAsync();
        }
        _admin = await _portal.ClientForAsync("scorer-admin");
        _lead = await _portal.ClientForAsync("scorer-lead", Role.Lead, "centre-a");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _portal.Dispose();

    [Fact]
    public async Task An_admin_promotes_a_MIL_head_to_frame_scorer_and_reads_it_back()
    {
        var answer = await _admin.PostAsync($"/api/models/{_mil}/promote?role=scorer", null);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scorer", body.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("round").ValueKind);
        var scorer = await _admin.GetFromJsonAsync<JsonElement>("/api/models/scorer");
        Assert.Equal(_mil, scorer.GetProperty("current").GetProperty("modelId").GetGuid());
        Assert.Equal("scorer-admin", scorer.GetProperty("current").GetProperty("promotedBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _lead.GetAsync("/api/models/scorer")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _lead.PostAsync($"/api/models/{_mil}/promote?role=scorer", null)).StatusCode);

        var again = await (await _admin.PostAsync($"/api/models/{_mil}/promote", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scorer", again.GetProperty("role").GetString());
        Assert.Contains("already the frame scorer", again.GetProperty("detail").GetString());
        Assert.Single((await _admin.GetFromJsonAsync<JsonElement>("/api/models/scorer")).GetProperty("promotions").EnumerateArray());
    }

    [Fact]
    public async Task A_model_asked_for_a_role_it_cannot_take_is_refused_with_the_reason()
    {
        (Guid Id, string Role, string Reason)[] cases =
        [
            (_biopsy, "scorer", "not a MIL head"), (_student, "scorer", "not a MIL head"),
            (_mil, "proposer", "not a segmentation student"), (_biopsy, "", "neither proposes masks nor scores frames"),
        ];
        foreach (var (id, role, reason) in cases)
        {
            var refused = await _admin.PostAsync($"/api/models/{id}/promote?role={role}", null);

            Assert.Equal((role, HttpStatusCode.Conflict), (role, refused.StatusCode));
            Assert.Contains(reason, await refused.Content.ReadAsStringAsync());
        }
        var scorer = await _admin.GetFromJsonAsync<JsonElement>("/api/models/scorer");
        Assert.Equal(JsonValueKind.Null, scorer.GetProperty("current").ValueKind);
        Assert.Empty((await _admin.GetFromJsonAsync<JsonElement>("/api/models/proposer")).GetProperty("promotions").EnumerateArray());
    }

    [Fact]
    public async Task A_frame_scorer_run_on_an_empty_ledger_is_refused_with_the_step_to_take_first()
    {
        var refused = await _admin.PostAsJsonAsync("/api/training-runs", new { kind = "mil", epochs = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("ingest records first", await refused.Content.ReadAsStringAsync());
        Assert.Equal(_milRun, Assert.Single((await _admin.GetFromJsonAsync<JsonElement>("/api/training-runs")).EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_frame_scorer_run_reads_back_with_its_label_rule_grouping_and_counts_per_centre()
    {
        var run = await _lead.GetFromJsonAsync<JsonElement>($"/api/training-runs/{_milRun}");

        Assert.Equal(("mil", "requested"), (run.GetProperty("kind").GetString(), run.GetProperty("status").GetString()));
        Assert.Equal("final labels, or machine labels from 0.8", run.GetProperty("labelRule").GetString());
        Assert.Equal("patients drawn (seed 17)", run.GetProperty("grouping").GetString());
        Assert.Equal(0.8, run.GetProperty("milConfiguration").GetProperty("minMachineConfidence").GetDouble());
        var centre = Assert.Single(run.GetProperty("labelCounts").EnumerateArray());
        Assert.Equal(("centre-a", 1), (centre.GetProperty("centre").GetString(), centre.GetProperty("excluded").GetProperty("no frames").GetInt32()));
    }

    [Fact]
    public async Task A_pipeline_run_names_the_frame_scorer_it_uses()
    {
        var run = await _admin.GetFromJsonAsync<JsonElement>($"/api/pipeline-runs/{_pipelineRun}");

        var scorer = run.GetProperty("frameScorer");
        Assert.Equal((_mil, "mil-head-v1+x", "promoted"),
            (scorer.GetProperty("modelId").GetGuid(), scorer.GetProperty("modelVersion").GetString(), scorer.GetProperty("source").GetString()));
    }
}
