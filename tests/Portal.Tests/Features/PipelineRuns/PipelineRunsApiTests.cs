using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared;
using Microsoft.AspNetCore.Hosting;

namespace EndoKED.Portal.Tests.Features.PipelineRuns;

/// <summary>A portal whose runs take one item per batch, so a run lasts long enough to cancel in the middle.</summary>
public sealed class OneItemBatchesPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("PipelineRuns:BatchSize", "1");
    }
}

public sealed class PipelineRunsFixture : IAsyncLifetime
{
    public OneItemBatchesPortal Portal { get; } = new();
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Portal.Start();
        var root = TestPaths.NewTempDir("runs");
        for (var i = 0; i < 10; i++)
            TestFrames.ExamFolder(root, $"run-exam-{i:00}", i % 2 == 0 ? $"A {i + 3} mm polyp in the rectum, removed." : "No polyps seen.",
                $$"""{"patientId":"R{{i}}"}""", ("frame.jpg", TestFrames.Jpeg(seed: 400 + i)));
        await Portal.IngestAsync(root, "centre-a");
        var other = TestPaths.NewTempDir("runs-b");
        TestFrames.ExamFolder(other, "run-exam-b", "A 5 mm polyp in the caecum.", """{"patientId":"RB"}""", ("frame.jpg", TestFrames.Jpeg(seed: 499)));
        await Portal.IngestAsync(other, "centre-b");
        var untouched = TestPaths.NewTempDir("runs-c");
        TestFrames.ExamFolder(untouched, "run-exam-c", "No polyps.", """{"patientId":"RC"}""", ("frame.jpg", TestFrames.Jpeg(seed: 498)));
        await Portal.IngestAsync(untouched, "centre-c"); // no test runs on centre-c
        Admin = await Portal.ClientForAsync("runs-admin");
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}

public class PipelineRunsApiTests(PipelineRunsFixture fixture) : IClassFixture<PipelineRunsFixture>
{
    private readonly HttpClient _http = fixture.Admin;

    private async Task<Guid> StartAsync(object body)
    {
        var response = await _http.PostAsJsonAsync("/api/pipeline-runs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<JsonElement> WaitAsync(Guid id, params string[] states) =>
        Eventually.Returns(() => _http.GetFromJsonAsync<JsonElement>($"/api/pipeline-runs/{id}"),
            run => states.Contains(run.GetProperty("status").GetString()), $"the run is {string.Join(" or ", states)}", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200));

    private static JsonElement Stage(JsonElement run, string name) =>
        run.GetProperty("progress").EnumerateArray().Single(p => p.GetProperty("stage").GetString() == name);

    [Fact]
    public async Task A_run_reads_every_report_of_its_centres_and_no_other_and_reports_its_progress()
    {
        var id = await StartAsync(new { centres = new[] { "centre-a" }, stages = new[] { "extract" }, extractor = "rules" });

        var run = await WaitAsync(id, "Completed", "Failed");

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("current", run.GetProperty("proposer").GetString());
        var extract = Stage(run, "extract");
        Assert.Equal(10, extract.GetProperty("total").GetInt32());
        Assert.Equal(10, extract.GetProperty("position").GetInt32());
        Assert.Equal(10, extract.GetProperty("done").GetInt32());
        Assert.Equal(0, extract.GetProperty("failed").GetInt32());
        Assert.Equal(1.0, extract.GetProperty("fraction").GetDouble());
        var ingested = await _http.GetFromJsonAsync<JsonElement>("/api/examinations?centre=centre-a&status=Ingested");
        Assert.Equal(0, ingested.GetProperty("total").GetInt32());
        var untouched = await _http.GetFromJsonAsync<JsonElement>("/api/examinations?centre=centre-c&status=Ingested");
        Assert.Equal(1, untouched.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_run_records_which_models_the_admin_chose()
    {
        var id = await StartAsync(new { centres = new[] { "centre-b" }, stages = new[] { "extract" }, extractor = "rules", proposer = "refiner" });

        var run = await WaitAsync(id, "Completed", "Failed");

        Assert.Equal("refiner", run.GetProperty("proposer").GetString());
        Assert.Equal("rules", run.GetProperty("extractor").GetString());
    }

    [Fact]
    public async Task A_cancelled_run_stops_and_a_resumed_one_finishes_without_doing_an_item_twice()
    {
        var id = await StartAsync(new { centres = new[] { "centre-a", "centre-b" }, stages = new[] { "extract" }, extractor = "rules", force = true });
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"/api/pipeline-runs/{id}/cancel", null)).StatusCode);

        var cancelled = await WaitAsync(id, "Cancelled");
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/pipeline-runs/{id}/cancel", null)).StatusCode);
        var stopped = await _http.GetFromJsonAsync<JsonElement>($"/api/pipeline-runs/{id}");
        Assert.Equal(cancelled.GetProperty("version").GetInt64(), stopped.GetProperty("version").GetInt64());

        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"/api/pipeline-runs/{id}/resume", null)).StatusCode);
        var run = await WaitAsync(id, "Completed", "Failed");

        var extract = Stage(run, "extract");
        Assert.Equal(11, extract.GetProperty("total").GetInt32());
        Assert.Equal(11, extract.GetProperty("done").GetInt32() + extract.GetProperty("failed").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/pipeline-runs/{id}/resume", null)).StatusCode);
    }

    [Fact]
    public async Task The_watch_verb_follows_a_run_through_the_hub_until_it_ends()
    {
        var id = await StartAsync(new { centres = new[] { "centre-a" }, stages = new[] { "extract" }, extractor = "rules", force = true });
        var (output, error) = (new StringWriter(), new StringWriter());
        var verb = new Pipeline.Features.PipelineRuns.Watching.WatchVerb(() => fixture.Portal.Server.CreateHandler());

        var code = await verb.RunAsync(new Pipeline.Cli.CliArgs(["--url", fixture.Portal.Server.BaseAddress.ToString(), "--run", id.ToString(),
            "--token", _http.DefaultRequestHeaders.Authorization!.Parameter!]), new Pipeline.Cli.CliConsole(output, error), new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.Contains($"run {id.ToString()[..8]} completed", text);
        Assert.Contains("extract  [########################] 10/10  0 failed", text);
    }

    [Fact]
    public async Task The_watch_verb_tells_a_lead_that_runs_are_admin_only_instead_of_that_there_is_no_run()
    {
        await StartAsync(new { centres = new[] { "centre-b" }, stages = new[] { "extract" }, extractor = "rules" });
        await fixture.Portal.CreateUserAsync("watch-lead", Role.Lead, "centre-a");
        var passwordFile = Path.Combine(TestPaths.NewTempDir("watch-lead"), "password");
        await File.WriteAllTextAsync(passwordFile, TestSupport.PortalFactory.Password);
        var (output, error) = (new StringWriter(), new StringWriter());
        var verb = new Pipeline.Features.PipelineRuns.Watching.WatchVerb(() => fixture.Portal.Server.CreateHandler());

        var code = await verb.RunAsync(new Pipeline.Cli.CliArgs(["--url", fixture.Portal.Server.BaseAddress.ToString(), "--user", "watch-lead",
            "--password-file", passwordFile]), new Pipeline.Cli.CliConsole(output, error), new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

        Assert.Equal(1, code);
        Assert.Contains("pipeline runs are admin-only, and 'watch-lead' is Lead", error.ToString());
        Assert.DoesNotContain("no pipeline run yet", error.ToString());
    }

    [Theory]
    [InlineData("""{"centres": [], "stages": ["extract"]}""", "at least one centre")]
    [InlineData("""{"centres": ["centre-a"], "stages": ["polish"]}""", "Unknown stage")]
    [InlineData("""{"centres": ["centre-q"], "stages": ["extract"]}""", "centre-q")]
    [InlineData("""{"centres": ["centre-a"], "stages": ["extract"], "extractor": "llm"}""", "no LLM")]
    [InlineData("""{"centres": ["centre-a"], "stages": ["extract"], "extractor": "rules", "proposer": "oracle"}""", "Proposer must be")]
    public async Task A_request_that_cannot_run_is_a_400_that_says_what_to_change(string body, string expected)
    {
        var response = await _http.PostAsync("/api/pipeline-runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_admins_start_or_see_runs()
    {
        var id = await StartAsync(new { centres = new[] { "centre-b" }, stages = new[] { "extract" }, extractor = "rules" });
        var lead = await fixture.Portal.ClientForAsync("runs-lead", Role.Lead, "centre-a", "centre-b");

        var start = await lead.PostAsJsonAsync("/api/pipeline-runs", new { centres = new[] { "centre-a" }, stages = new[] { "extract" } });
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/pipeline-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsync($"/api/pipeline-runs/{id}/cancel", null)).StatusCode);
        Assert.Empty(await lead.GetFromJsonAsync<JsonElement[]>("/api/pipeline-runs") ?? []);
    }
}
