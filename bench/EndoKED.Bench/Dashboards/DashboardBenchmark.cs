using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Bench.Benchmarks;
using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Bench.Dashboards;

/// <summary>
/// Bulk-loads a synthetic multi-centre history into a throwaway schema, rebuilds the projections the dashboards read
/// (events/s), then times the dashboards' query and its JSON answer over 200 requests. Baseline in the same run: one
/// aggregate straight over the event table (what a page load would cost without the projection).
/// </summary>
public sealed class DashboardBenchmark(IConfiguration configuration) : IBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Name => "dashboards";
    public string Summary => "projection catch-up (events/s) and dashboard/API build time (median, p95) over a synthetic history";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var exams = context.Size > 0 ? context.Size : 10_000;
        var perExam = context.FramesPerExam > 0 ? context.FramesPerExam : 10;
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var history = new SyntheticHistory(exams, perExam, DateTimeOffset.UtcNow, drift: true);
            var load = Stopwatch.StartNew();
            var events = await history.BulkInsertAsync(store, 0, history.Exams, ct);
            load.Stop();
            await output.WriteLineAsync($"{exams} examinations, {exams * perExam} frames, {events} events, {Environment.ProcessorCount} cores; bulk load {load.Elapsed.TotalSeconds:0.0} s ({events / load.Elapsed.TotalSeconds:0} events/s)");

            await output.WriteLineAsync("| projection rebuild | documents | seconds | events/s |");
            await output.WriteLineAsync("|---|---:|---:|---:|");
            using (var daemon = await store.BuildProjectionDaemonAsync())
            {
                // The weekly counters find a report's centre through the examination view, so that one comes first.
                await Rebuild<ExaminationViewProjection, ExaminationView>(daemon, store, "examination views (prerequisite)", events, output, ct);
                await Rebuild<ItemAgreementProjection, ItemAgreement>(daemon, store, "item agreement (read by the query)", events, output, ct);
                await Rebuild<CentreWeekStatsProjection, CentreWeekStats>(daemon, store, "centre-week counters (dashboards)", events, output, ct);
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync("| request (200 each, sequential) | median ms | p95 ms | vs event-table scan |");
            await output.WriteLineAsync("|---|---:|---:|---:|");
            var scan = await TimeAsync(5, () => ScanEventsAsync(options.ConnectionString, options.Schema, ct));
            var fresh = await TimeAsync(5, async () => await QueryAsync(store, null, ct));
            var snapshot = new AgreementSnapshot(store, new DashboardOptions(), TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<AgreementSnapshot>.Instance);
            var build = await TimeAsync(200, async () => await QueryAsync(store, snapshot, ct));
            var api = await TimeAsync(200, async () => JsonSerializer.SerializeToUtf8Bytes(await QueryAsync(store, snapshot, ct), Json).Length);
            await Row(output, "baseline: one aggregate over mt_events (5 runs)", scan, scan);
            await Row(output, "dashboard build, agreement computed per request (5 runs; the snapshot's refresh)", fresh, scan);
            await Row(output, "dashboard build (GetCentreStats, agreement snapshot ≤ 60 s old)", build, scan);
            await Row(output, "API answer (query + JSON)", api, scan);
            var result = await QueryAsync(store, snapshot, ct);
            await output.WriteLineAsync($"answer: {result!.Centres.Count} centres × {result.Centres.Max(c => c.Weeks.Count)} weeks, " +
                $"{JsonSerializer.SerializeToUtf8Bytes(result, Json).Length / 1024.0:0.0} KiB JSON, drift flags {result.Centres.Sum(c => c.Drift.Count)}");
        }
        finally
        {
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, ct);
        }
    }

    private static async Task Rebuild<TProjection, TDoc>(JasperFx.Events.Daemon.IProjectionDaemon daemon, DocumentStore store, string name, long events, TextWriter output, CancellationToken ct)
        where TDoc : notnull
    {
        var sw = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync(typeof(TProjection), TimeSpan.FromHours(1), ct);
        sw.Stop();
        await using var session = store.QuerySession();
        var docs = await session.Query<TDoc>().CountAsync(ct);
        await output.WriteLineAsync($"| {name} | {docs} | {sw.Elapsed.TotalSeconds:0.0} | {events / sw.Elapsed.TotalSeconds:0} |");
    }

    /// <param name="snapshot">The portal's agreement snapshot; null computes agreement within the request.</param>
    private static async Task<CentreStatsResult?> QueryAsync(DocumentStore store, AgreementSnapshot? snapshot, CancellationToken ct)
    {
        // A page load: a fresh session, as the portal opens one per operation.
        await using var session = store.QuerySession();
        return await new GetCentreStats(session, snapshot ?? (IAgreementSource)new GetAgreement(session), new DashboardOptions(), TimeProvider.System)
            .HandleAsync(AccessScope.All("bench"), ct);
    }

    private static async Task<long> ScanEventsAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"select data->>'CentreId', count(*), sum(case when (data->>'Probability')::float >= 0.5 then 1 else 0 end) " +
                          $"from {schema}.mt_events where type = 'image_scored' group by 1";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        long rows = 0;
        while (await reader.ReadAsync(ct)) rows++;
        return rows;
    }

    private static async Task<(double Median, double P95)> TimeAsync<T>(int n, Func<Task<T>> action)
    {
        await action(); // warm-up
        var ms = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        ms.Sort();
        return (ms[n / 2], ms[Math.Min(n - 1, (int)Math.Ceiling(n * 0.95) - 1)]);
    }

    private static Task Row(TextWriter w, string name, (double Median, double P95) t, (double Median, double P95) baseline) =>
        w.WriteLineAsync($"| {name} | {t.Median:0.00} | {t.P95:0.00} | {baseline.Median / t.Median:0.0}× faster |");
}
