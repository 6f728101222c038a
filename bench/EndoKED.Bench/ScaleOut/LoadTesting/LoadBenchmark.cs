using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EndoKED.Bench.Benchmarks;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Bench.ScaleOut.LoadTesting;

/// <summary>
/// Simulated reviewers against the real portal on loopback: each holds a SignalR connection to <c>/hubs/live</c> and
/// votes over HTTP as fast as answers come back, for a fixed time. Reports latency percentiles and errors, and checks the
/// ledger holds exactly the votes the portal accepted.
/// </summary>
public sealed class LoadBenchmark(IConfiguration configuration) : IBenchmark
{
    public string Name => "load";
    public string Summary => "N simulated reviewers (HTTP votes + live hub) for S seconds: p50/p95 latency, errors, every vote in the ledger";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var readers = context.Size > 0 ? context.Size : 100;
        var seconds = configuration.GetValue("EndoKED:Bench:Load:Seconds", 60);
        var exams = configuration.GetValue("EndoKED:Bench:Load:Examinations", 200);
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_load_" + Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), "endoked-bench-load-" + Guid.NewGuid().ToString("N")[..8]);
        options.DataRoot = Path.Combine(work, "files");
        using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var tokens = await SeedAsync(store, options.DataRoot, work, readers, exams, ct);
            await using var portal = await PortalProcess.StartAsync(options.ConnectionString, options.Schema, options.DataRoot, ct);
            var ids = await WaitForLabelsAsync(store, exams, ct);

            var latencies = new ConcurrentBag<double>();
            var (accepted, errors, notifications) = (new int[1], new ConcurrentDictionary<string, int>(), new int[1]);
            var hubs = new List<HubConnection>();
            foreach (var token in tokens)
            {
                var hub = new HubConnectionBuilder().WithUrl(new Uri(portal.Address, LiveHubContract.Path.TrimStart('/')),
                    o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
                hub.On<LiveNotification>(LiveHubContract.Notification, _ => Interlocked.Increment(ref notifications[0]));
                await hub.StartAsync(ct);
                hubs.Add(hub);
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = portal.Address };
            var until = DateTime.UtcNow.AddSeconds(seconds);
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(tokens.Select((token, i) => Task.Run(async () =>
            {
                var random = new Random(i);
                while (DateTime.UtcNow < until && !ct.IsCancellationRequested)
                {
                    var reject = random.Next(4) == 0;
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"api/items/examination/{ids[random.Next(ids.Count)]}/votes")
                    {
                        Content = JsonContent.Create(new { verdict = reject ? "reject" : "accept", reason = reject ? "wrong-label" : "agree" }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        using var response = await http.SendAsync(request, ct);
                        watch.Stop();
                        latencies.Add(watch.Elapsed.TotalMilliseconds);
                        if ((int)response.StatusCode == 202) Interlocked.Increment(ref accepted[0]);
                        else errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    }
                    catch (HttpRequestException e)
                    {
                        errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                    }
                }
            }, ct)));
            wall.Stop();
            await Task.Delay(2000, ct); // the last notifications
            foreach (var hub in hubs) await hub.DisposeAsync();

            await using var session = store.QuerySession();
            var inLedger = await session.Events.QueryRawEventDataOnly<VoteCast>().CountAsync(ct);
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            await output.WriteLineAsync($"{readers} reviewers, {seconds} s, {ids.Count} examinations, {Environment.ProcessorCount} cores, portal and load on one machine");
            await output.WriteLineAsync("| votes sent | accepted (202) | votes/s | p50 ms | p95 ms | p99 ms | max ms | errors | hub notifications | VoteCast in ledger |");
            await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
            await output.WriteLineAsync($"| {sorted.Length} | {accepted[0]} | {accepted[0] / wall.Elapsed.TotalSeconds:0.0} | {P(0.5):0} | {P(0.95):0} | {P(0.99):0} | " +
                $"{(sorted.Length == 0 ? 0 : sorted[^1]):0} | {(errors.IsEmpty ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} ×{e.Value}")))} | {notifications[0]} | {inLedger} |");
            await output.WriteLineAsync(inLedger == accepted[0]
                ? "Every accepted vote is in the ledger, and nothing else."
                : $"MISMATCH: the portal accepted {accepted[0]} votes, the ledger holds {inLedger}.");
        }
        finally
        {
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, CancellationToken.None);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Examinations (report only) in one centre, and one clinician per simulated reviewer with an API token.</summary>
    private static async Task<List<string>> SeedAsync(IDocumentStore store, string dataRoot, string work, int readers, int exams, CancellationToken ct)
    {
        var source = Path.Combine(work, "source");
        for (var i = 0; i < exams; i++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(source, $"load-{i:00000}")).FullName;
            await File.WriteAllTextAsync(Path.Combine(dir, "report.txt"),
                i % 3 == 0 ? "No polyps seen." : $"A {3 + (i % 9)} mm sessile polyp in the sigmoid colon, removed by cold snare.", ct);
        }
        await new RecordIngester(store, new LocalFileStore(dataRoot), new IngestLimits(), TimeProvider.System)
            .IngestAsync(FolderSource.Read(source), "centre-load", "bench", null, ct);
        var accounts = new EndoKED.Pipeline.Features.Accounts.Accounts(store, new AccountOptions(), TimeProvider.System);
        var sessions = new ApiSessions(store, new AccountOptions(), TimeProvider.System);
        var tokens = new List<string>();
        for (var i = 0; i < readers; i++)
        {
            var name = $"load-reader-{i:000}";
            if (await accounts.CreateAsync(name, "load-bench-password-" + Guid.NewGuid().ToString("N"), Role.Clinician, ["centre-load"], "bench", ct) is { } error)
                throw new InvalidOperationException(error);
            var account = await accounts.FindAsync(name, ct) ?? throw new InvalidOperationException($"{name} was not created.");
            tokens.Add((await sessions.IssueAsync(account.Id, ct)).Token);
        }
        return tokens;
    }

    /// <summary>The portal reads the reports at start-up; votes are meaningful once each examination has a proposed label.</summary>
    private static async Task<List<Guid>> WaitForLabelsAsync(IDocumentStore store, int exams, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            await using var session = store.QuerySession();
            var read = await session.Query<ExaminationView>().Where(x => x.Status != ExaminationStatus.Ingested).Select(x => x.Id).ToListAsync(ct);
            if (read.Count >= exams) return [.. read];
            await Task.Delay(1000, ct);
        }
        throw new TimeoutException("The portal did not read the seeded reports within 5 minutes.");
    }
}
