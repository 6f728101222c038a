using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Dashboards;

/// <summary>Half a year of four centres (the last one drifting in its final week), folded by the portal's own daemon.</summary>
public sealed class StatsFixture : IAsyncLifetime
{
    public const int Exams = 520, FramesPerExam = 3;
    public PortalFactory Portal { get; } = new();

    public async Task InitializeAsync()
    {
        Portal.Start();
        var store = Portal.Services.GetRequiredService<IDocumentStore>();
        await new SyntheticHistory(Exams, FramesPerExam, DateTimeOffset.UtcNow, drift: true).AppendAsync(store);
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}

public class StatsApiTests(StatsFixture fixture) : IClassFixture<StatsFixture>
{
    [Fact]
    public async Task An_admin_gets_every_centre_with_totals_weeks_agreement_readers_and_the_drift_flag()
    {
        var http = await fixture.Portal.ClientForAsync("stats-admin");

        var body = await http.GetFromJsonAsync<JsonElement>("/api/stats/centres");

        // (The archive test of this class adds a centre of its own.)
        var centres = body.GetProperty("centres").EnumerateArray().Where(c => c.GetProperty("centreId").GetString()!.StartsWith("centre-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["centre-a", "centre-b", "centre-c", "centre-d"], centres.Select(c => c.GetProperty("centreId").GetString()));
        Assert.All(centres, c =>
        {
            Assert.Equal(StatsFixture.Exams / 4, c.GetProperty("totals").GetProperty("examinations").GetInt32());
            Assert.Equal(StatsFixture.Exams / 4 * StatsFixture.FramesPerExam, c.GetProperty("totals").GetProperty("frames").GetInt32());
            Assert.InRange(c.GetProperty("weeks").GetArrayLength(), 26, 28);
            Assert.Matches(@"^\d{4}-W\d\d$", c.GetProperty("weeks")[0].GetProperty("week").GetString()!);
            Assert.True(c.GetProperty("totals").GetProperty("framePositiveRate").GetDouble() is > 0 and < 1);
            Assert.Equal(JsonValueKind.Object, c.GetProperty("agreement").ValueKind);
            Assert.NotEqual(0, c.GetProperty("readers").GetArrayLength());
        });
        var drift = centres[3].GetProperty("drift").EnumerateArray().Select(d => d.GetProperty("metric").GetString()).ToList();
        Assert.Contains("framePositiveRate", drift);
    }

    [Fact]
    public async Task A_lead_sees_only_their_centre_and_a_clinician_is_refused()
    {
        var lead = await fixture.Portal.ClientForAsync("stats-lead-a", Role.Lead, "centre-a");
        var body = await lead.GetFromJsonAsync<JsonElement>("/api/stats/centres");
        Assert.Equal(["centre-a"], body.GetProperty("centres").EnumerateArray().Select(c => c.GetProperty("centreId").GetString()));

        var clinician = await fixture.Portal.ClientForAsync("stats-clin-a", Role.Clinician, "centre-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/api/stats/centres")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/api/stats/centres.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Portal.CreateClient().GetAsync("/api/stats/centres")).StatusCode);
    }

    [Fact]
    public async Task A_lead_gets_the_network_band_of_the_other_centres_in_json_and_csv_without_their_names_or_rows()
    {
        var lead = await fixture.Portal.ClientForAsync("stats-lead-net", Role.Lead, "centre-a");

        var json = await lead.GetStringAsync("/api/stats/centres");
        var csv = await lead.GetStringAsync("/api/stats/centres.csv");

        var body = JsonDocument.Parse(json).RootElement;
        var network = body.GetProperty("network");
        Assert.InRange(network.GetProperty("centres").GetInt32(), 3, 4);  // 4 once the archive test has added its centre
        Assert.False(network.GetProperty("suppressed").GetBoolean());
        var exams = network.GetProperty("totals").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "examinations");
        Assert.Equal(StatsFixture.Exams / 4.0, exams.GetProperty("median").GetDouble());
        Assert.InRange(network.GetProperty("weeks").GetArrayLength(), 26, 28);
        foreach (var other in new[] { "centre-b", "centre-c", "centre-d", "archive-api" })
        {
            Assert.DoesNotContain(other, json, StringComparison.Ordinal);
            Assert.DoesNotContain(other, csv, StringComparison.Ordinal);
        }
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(rows, r => r.StartsWith("network median,total,", StringComparison.Ordinal));
        Assert.All(rows.Skip(1), r => Assert.True(r.StartsWith("centre-a,", StringComparison.Ordinal) || r.StartsWith("network ", StringComparison.Ordinal), r));
        // An admin sees every centre by name and gets no band.
        var admin = await (await fixture.Portal.ClientForAsync("stats-admin-net")).GetFromJsonAsync<JsonElement>("/api/stats/centres");
        Assert.Equal(JsonValueKind.Null, admin.GetProperty("network").ValueKind);
    }

    [Fact]
    public async Task Weeks_are_those_of_the_examinations_by_default_and_of_ingest_on_request()
    {
        // An archive of eight examinations dated across eight weeks last year, ingested (frames and all) in one afternoon.
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        var afternoon = DateTimeOffset.UtcNow.AddDays(-2);
        await using (var session = store.LightweightSession())
        {
            for (var i = 0; i < 8; i++)
            {
                var exam = Guid.NewGuid();
                var image = Guid.NewGuid();
                session.Events.StartStream(exam, new EndoKED.Shared.Events.ExaminationIngested(exam, "archive-api", $"a{i}", "P", new DateOnly(2025, 3, 3).AddDays(7 * i),
                    "report", null, new Dictionary<string, string>(), "test", afternoon));
                session.Events.StartStream(image, new EndoKED.Shared.Events.ImageIngested(image, exam, "archive-api", "sha" + i, 10, 4, 4, "png", "f.png", 0, "test", afternoon));
            }
            await session.SaveChangesAsync();
        }
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var lead = await fixture.Portal.ClientForAsync("stats-lead-archive", Role.Lead, "archive-api");

        var byExam = await lead.GetFromJsonAsync<JsonElement>("/api/stats/centres");
        var byIngest = await lead.GetFromJsonAsync<JsonElement>("/api/stats/centres?weeks=ingest");

        var weeks = byExam.GetProperty("centres")[0].GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(10, 8).Select(w => $"2025-W{w}"), weeks.Select(w => w.GetProperty("week").GetString()));
        Assert.All(weeks, w => Assert.Equal((1, 1), (w.GetProperty("examinations").GetInt32(), w.GetProperty("frames").GetInt32())));
        Assert.Equal("Examination", byExam.GetProperty("basis").GetString());
        var ingest = Assert.Single(byIngest.GetProperty("centres")[0].GetProperty("weeks").EnumerateArray());
        Assert.Equal((8, 8), (ingest.GetProperty("examinations").GetInt32(), ingest.GetProperty("frames").GetInt32()));
        Assert.Equal("Ingest", byIngest.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task The_csv_has_one_row_per_centre_and_week_under_a_header_naming_every_metric()
    {
        var http = await fixture.Portal.ClientForAsync("stats-admin-csv");
        var json = await http.GetFromJsonAsync<JsonElement>("/api/stats/centres");
        var weeks = json.GetProperty("centres").EnumerateArray().Sum(c => c.GetProperty("weeks").GetArrayLength());

        var response = await http.GetAsync("/api/stats/centres.csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("centre,week,weekStart,examinations,frames,reportsRead,labelsPresent", lines[0]);
        Assert.EndsWith(",drift", lines[0]);
        Assert.Equal(weeks, lines.Length - 1);
        Assert.Equal(StatsFixture.Exams / 4, lines.Skip(1).Where(l => l.StartsWith("centre-b,", StringComparison.Ordinal)).Sum(l => int.Parse(l.Split(',')[3])));
        Assert.Contains(lines, l => l.StartsWith("centre-d,", StringComparison.Ordinal) && l.Contains("framePositiveRate", StringComparison.Ordinal));
    }
}
