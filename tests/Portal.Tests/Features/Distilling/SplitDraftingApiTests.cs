using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// <c>POST /api/splits</c> on a portal that runs no handlers (its workers are elsewhere): the request is answered at once
/// and the split stays drafting until the test, as the worker, handles the queued <see cref="DraftSplit"/>.
/// </summary>
public sealed class SplitDraftingApiTests : IAsyncLifetime, IDisposable
{
    private readonly HandlerlessPortal _portal = new();
    private HttpClient _admin = null!;

    private sealed class HandlerlessPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:RunPipelineHandlers", "false");
        }
    }

    public async Task InitializeAsync()
    {
        _portal.Start();
        await DistillingLedger.SeedAsync(_portal.Services.GetRequiredService<IDocumentStore>(),
            async (folder, centre) => await _portal.IngestAsync(folder, centre), ["centre-a", "centre-b"], 3);
        _admin = await _portal.ClientForAsync("split-admin");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _portal.Dispose();

    /// <summary>What the worker does with the queued message of the split's first request.</summary>
    private Task WorkerAsync(Guid split) => DraftSplitHandler.Handle(new DraftSplit(split, 1),
        _portal.Services.GetRequiredService<IDocumentStore>(), _portal.Services.GetRequiredService<IFileStore>(), TimeProvider.System);

    /// <summary>Polls <c>GET /api/splits/{id}</c> until the split is no longer drafting (a worker in the portal or elsewhere).</summary>
    public static Task<JsonElement> SettledAsync(HttpClient client, Guid split) =>
        Eventually.Returns(() => client.GetFromJsonAsync<JsonElement>($"/api/splits/{split}"),
            view => view.GetProperty("status").GetString() != "drafting", "the split is drafted", TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_draft_request_is_answered_202_at_once_and_the_split_is_drafted_with_its_counts_by_the_worker()
    {
        var doc = await _portal.ClientForAsync("split-doc", Role.Clinician, "centre-a");
        var rule = new { name = "queued", trainFraction = 0.5, validationFraction = 0.25, testFraction = 0.25, seed = 3 };
        Assert.Equal(HttpStatusCode.Forbidden, (await doc.PostAsJsonAsync("/api/splits", rule)).StatusCode);
        var bad = await _admin.PostAsJsonAsync("/api/splits", new { trainFraction = 0.9 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("sum to 1", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var response = await _admin.PostAsJsonAsync("/api/splits", rule);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var split = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/splits/{split}", response.Headers.Location?.ToString());
        var drafting = await _admin.GetFromJsonAsync<JsonElement>($"/api/splits/{split}");
        Assert.Equal(("drafting", "queued", 0), (drafting.GetProperty("status").GetString(), drafting.GetProperty("name").GetString(), drafting.GetProperty("frames").GetInt32()));
        var freeze = await _admin.PostAsync($"/api/splits/{split}/freeze", null);
        Assert.Equal(HttpStatusCode.Conflict, freeze.StatusCode);
        Assert.Contains("still being drafted", (await freeze.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await WorkerAsync(split);

        var drafted = await _admin.GetFromJsonAsync<JsonElement>($"/api/splits/{split}");
        Assert.Equal(("drafted", 12), (drafted.GetProperty("status").GetString(), drafted.GetProperty("frames").GetInt32()));
        Assert.True(drafted.GetProperty("leakage").GetProperty("isClean").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/splits/{split}/freeze", null)).StatusCode);
        Assert.Equal("frozen", (await _admin.GetFromJsonAsync<JsonElement>($"/api/splits/{split}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_request_whose_filters_match_no_labelled_frame_ends_failed_with_the_reason()
    {
        var response = await _admin.PostAsJsonAsync("/api/splits", new { name = "nowhere", centres = new[] { "centre-z" } });
        var split = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await WorkerAsync(split);

        var failed = await _admin.GetFromJsonAsync<JsonElement>($"/api/splits/{split}");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("No labelled frame matches the rule", failed.GetProperty("failureReason").GetString());
        Assert.Contains("left out by centre", failed.GetProperty("failureReason").GetString());
        var freeze = await _admin.PostAsync($"/api/splits/{split}/freeze", null);
        Assert.Equal(HttpStatusCode.Conflict, freeze.StatusCode);
        Assert.Contains("drafting failed", (await freeze.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
