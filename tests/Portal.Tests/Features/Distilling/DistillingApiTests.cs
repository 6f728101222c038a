using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>The split, training-run and model API end to end: drafted over HTTP, trained by the queued handler.</summary>
public sealed class DistillingApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _portal = new();
    private HttpClient _admin = null!;
    private HttpClient _clinician = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        _portal.Start();
        await DistillingLedger.SeedAsync(_portal.Services.GetRequiredService<IDocumentStore>(),
            async (folder, centre) => await _portal.IngestAsync(folder, centre), ["centre-a", "centre-b"], 3);
        _admin = await _portal.ClientForAsync("distil-admin");
        _clinician = await _portal.ClientForAsync("distil-doc", Role.Clinician, "centre-a");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _portal.Dispose();

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task An_admin_drafts_freezes_and_trains_on_a_split_while_a_clinician_sees_none_of_it()
    {
        var rule = new { name = "api", trainFraction = 0.5, validationFraction = 0.25, testFraction = 0.25, seed = 3 };
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.PostAsJsonAsync("/api/splits", rule)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/splits", new { trainFraction = 0.9 })).StatusCode);
        var split = await IdOf(await _admin.PostAsJsonAsync("/api/splits", rule));

        // The portal's own worker drafts it (single machine).
        var view = await SplitDraftingApiTests.SettledAsync(_admin, split);
        Assert.Equal("drafted", view.GetProperty("status").GetString());
        Assert.Equal(12, view.GetProperty("train").GetInt32() + view.GetProperty("validation").GetInt32() + view.GetProperty("test").GetInt32());
        Assert.True(view.GetProperty("leakage").GetProperty("isClean").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync($"/api/splits/{split}")).StatusCode);

        var training = new { splitId = split, epochs = 2, size = 64, baseChannels = 8, levels = 3, batchSize = 4 };
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/training-runs", training)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/splits/{split}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"/api/splits/{split}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync("/api/splits", new { splitId = split })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.PostAsJsonAsync("/api/training-runs", training)).StatusCode);

        var run = await IdOf(await _admin.PostAsJsonAsync("/api/training-runs", training));
        var state = await Eventually.Returns(() => _admin.GetFromJsonAsync<JsonElement>($"/api/training-runs/{run}"),
            s => s.GetProperty("status").GetString() is "completed" or "failed" or "cancelled", "the training run ends", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200));
        Assert.True(state.GetProperty("status").GetString() == "completed", state.ToString());
        Assert.Equal(2, state.GetProperty("epochs").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"/api/training-runs/{run}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync($"/api/training-runs/{run}")).StatusCode);

        var model = Assert.Single((await _admin.GetFromJsonAsync<JsonElement>("/api/models")).EnumerateArray());
        Assert.Equal(split, model.GetProperty("splitId").GetGuid());
        Assert.Equal(state.GetProperty("onnxSha256").GetString(), model.GetProperty("onnxSha256").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync("/api/models")).StatusCode);

        var modelId = model.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.PostAsync($"/api/models/{modelId}/promote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"/api/models/{Guid.NewGuid()}/promote", null)).StatusCode);
        var promoted = await (await _admin.PostAsync($"/api/models/{modelId}/promote", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, promoted.GetProperty("round").GetInt32());
        var again = await (await _admin.PostAsync($"/api/models/{modelId}/promote", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, again.GetProperty("round").ValueKind);
        var proposer = await _admin.GetFromJsonAsync<JsonElement>("/api/models/proposer");
        Assert.Equal(modelId, proposer.GetProperty("current").GetProperty("modelId").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await _clinician.GetAsync("/api/models/proposer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/stats/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _clinician.GetAsync("/api/stats/rounds")).StatusCode);
    }
}
