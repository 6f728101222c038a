using System.Diagnostics;
using EndoKED.Bench.Benchmarks;
using EndoKED.Bench.ScaleOut.LoadTesting;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EndoKED.Bench.ScaleOut.Restarting;

/// <summary>
/// What a restart costs after the portal was down while the ledger grew: the real portal runs once on a small history
/// (its daemon records where each asynchronous projection and subscription stands), is killed, a large history is
/// bulk-appended behind its back, and the portal is started again; the benchmark times how long its daemon takes to
/// bring every shard to the head of the ledger (events/s). Baseline in the same run: one sequential read of every new
/// event's data (what merely reading them costs).
/// </summary>
public sealed class RestartCatchUpBenchmark(IConfiguration configuration) : IBenchmark
{
    public string Name => "restart";
    public string Summary => "projection and subscription catch-up (events/s) of a restarted portal after the ledger grew by ~1M events";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var exams = context.Size > 0 ? context.Size : 27_000;
        var perExam = context.FramesPerExam > 0 ? context.FramesPerExam : 10;
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_restart_" + Guid.NewGuid().ToString("N")[..8];
        options.DataRoot = Path.Combine(Path.GetTempPath(), options.Schema);
        using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
        try
        {
            var history = new SyntheticHistory(exams, perExam, DateTimeOffset.UtcNow);
            const int warmExams = 100;
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await history.BulkInsertAsync(store, 0, warmExams, ct);

            // First life: the daemon catches up with the small history and records its positions; then a crash.
            await using (var first = await PortalProcess.StartAsync(options.ConnectionString, options.Schema, options.DataRoot, ct))
                await WaitForHeadAsync(options.ConnectionString, options.Schema, await HeadAsync(options.ConnectionString, options.Schema, ct), TimeSpan.FromMinutes(5), ct);
            var before = await HeadAsync(options.ConnectionString, options.Schema, ct);

            // While it is down the ledger grows (the inline views are kept current, as appends would keep them).
            var load = Stopwatch.StartNew();
            var added = await history.BulkInsertAsync(store, warmExams, exams, ct);
            using (var daemon = await store.BuildProjectionDaemonAsync())
                await daemon.RebuildProjectionAsync(typeof(ExaminationViewProjection), TimeSpan.FromHours(1), ct);
            load.Stop();
            var head = await HeadAsync(options.ConnectionString, options.Schema, ct);
            await output.WriteLineAsync($"{exams} examinations × {perExam} frames; {added} events appended while the portal was down " +
                $"(sequence {before} → {head}), load and inline views {load.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores");

            var scan = Stopwatch.StartNew();
            var bytes = await ScanAsync(options.ConnectionString, options.Schema, before, ct);
            scan.Stop();

            var restart = Stopwatch.StartNew();
            await using var second = await PortalProcess.StartAsync(options.ConnectionString, options.Schema, options.DataRoot, ct);
            var healthy = restart.Elapsed;
            var shards = await WaitForHeadAsync(options.ConnectionString, options.Schema, head, TimeSpan.FromHours(1), ct);
            restart.Stop();

            await output.WriteLineAsync("| measure | seconds | events/s | vs reading the events once |");
            await output.WriteLineAsync("|---|---:|---:|---:|");
            await output.WriteLineAsync($"| baseline: one sequential read of the new events' data ({bytes / 1048576.0:0} MiB) | {scan.Elapsed.TotalSeconds:0.0} | {added / scan.Elapsed.TotalSeconds:0} | 1.0× |");
            await output.WriteLineAsync($"| restarted portal answers /health | {healthy.TotalSeconds:0.0} | | |");
            var after = restart.Elapsed - healthy;
            await output.WriteLineAsync($"| of which after /health answered | {after.TotalSeconds:0.0} | | |");
            await output.WriteLineAsync($"| every shard at the head ({string.Join(", ", shards)}) | {restart.Elapsed.TotalSeconds:0.0} | {added / restart.Elapsed.TotalSeconds:0} | {scan.Elapsed.TotalSeconds / restart.Elapsed.TotalSeconds:0.00}× |");
        }
        finally
        {
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, CancellationToken.None);
            if (Directory.Exists(options.DataRoot)) Directory.Delete(options.DataRoot, recursive: true);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static async Task<long> HeadAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var conn = await OpenAsync(connectionString, ct);
        await using var cmd = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    private static async Task<long> ScanAsync(string connectionString, string schema, long after, CancellationToken ct)
    {
        await using var conn = await OpenAsync(connectionString, ct);
        await using var cmd = new NpgsqlCommand($"select coalesce(sum(length(data::text)), 0) from {schema}.mt_events where seq_id > @after", conn);
        cmd.Parameters.AddWithValue("after", after);
        cmd.CommandTimeout = 3600;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    /// <summary>Polls the daemon's progression table until every shard (high water mark included) has reached <paramref name="head"/>.</summary>
    private static async Task<IReadOnlyList<string>> WaitForHeadAsync(string connectionString, string schema, long head, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var conn = await OpenAsync(connectionString, ct))
            {
                await using var cmd = new NpgsqlCommand($"select name, last_seq_id from {schema}.mt_event_progression", conn);
                var rows = new List<(string Name, long Seq)>();
                await using (var reader = await cmd.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetInt64(1)));
                // The dashboards' projection and the live subscription must both be there and at the head.
                if (rows.Count >= 3 && rows.All(r => r.Seq >= head)) return rows.Select(r => r.Name).Order().ToList();
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The restarted portal's daemon did not reach sequence {head} within {timeout}.");
            await Task.Delay(250, ct);
        }
    }
}
