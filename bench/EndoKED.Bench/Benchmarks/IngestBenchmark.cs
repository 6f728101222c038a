using System.Diagnostics;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Bench.Benchmarks;

/// <summary>
/// Ingest throughput against the floor it cannot beat: a plain decode loop over the same files, in the same run.
/// The ingest writes to a throwaway schema and file stores, dropped afterwards.
/// </summary>
public sealed class IngestBenchmark(IConfiguration configuration, Func<int, string, int> writeFrames) : IBenchmark
{
    public string Name => "ingest";
    public string Summary => "frames/s of ./endoked ingest beside a plain decode loop over the same files (and with a file per frame, without packs)";

    private const int Rounds = 5;

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var frames = context.Size > 0 ? context.Size : 1000;
        var work = Path.Combine(Path.GetTempPath(), "endoked-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var source = Path.Combine(work, "source");
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        options.DataRoot = Path.Combine(work, "files");
        try
        {
            var written = writeFrames(frames, source);
            var files = Directory.EnumerateFiles(source, "*.jpg", SearchOption.AllDirectories).ToList();
            var bytes = files.Sum(f => new FileInfo(f).Length);
            using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            // The same ledger without PostgreSQL's statement cache (as before it was turned on), beside it in the same run.
            var uncachedOptions = new EndoKedOptions
            {
                ConnectionString = options.ConnectionString + ";Max Auto Prepare=0", Schema = options.Schema, DataRoot = options.DataRoot,
            };
            using var uncached = DocumentStore.For(o => o.ConfigureEndoKed(uncachedOptions));
            IngestSummary? summary = null;

            // Every side warms up first on a full-size folder (JIT, Marten's generated code), then they alternate: on a
            // shared machine a burst of load then falls on all of them, and the medians are compared.
            var warm = Path.Combine(work, "warm");
            writeFrames(frames, warm);
            await DecodeLoopAsync(Directory.EnumerateFiles(warm, "*.jpg", SearchOption.AllDirectories).ToList(), ct);
            await Ingester(store, options, "warm").IngestAsync(FolderSource.Read(warm), "bench-warm", "bench", null, ct);
            await Ingester(uncached, options, "warm-uncached").IngestAsync(FolderSource.Read(warm), "bench-warm-uncached", "bench", null, ct);
            await Ingester(store, options, "warm-loose", packs: false).IngestAsync(FolderSource.Read(warm), "bench-warm-loose", "bench", null, ct);
            var decodes = new List<TimeSpan>();
            var ingests = new List<TimeSpan>();
            var uncachedIngests = new List<TimeSpan>();
            var looseIngests = new List<TimeSpan>();
            // CPU time as well as wall time: what each side costs does not depend on what else runs on the machine.
            var cpu = new CpuTally(await PostmasterAsync(options.ConnectionString, ct));
            for (var round = 0; round < Rounds; round++)
            {
                cpu.Start();
                decodes.Add(await DecodeLoopAsync(files, ct));
                cpu.Stop("decode");
                // Each round ingests all the frames as new: another centre (new stream ids) and an empty file store.
                var watch = Stopwatch.StartNew();
                cpu.Start();
                summary = await Ingester(store, options, $"round-{round}").IngestAsync(FolderSource.Read(source), $"bench-centre-{round}", "bench", null, ct);
                cpu.Stop("ingest");
                ingests.Add(watch.Elapsed);
                watch.Restart();
                cpu.Start();
                await Ingester(uncached, options, $"uncached-{round}").IngestAsync(FolderSource.Read(source), $"bench-uncached-{round}", "bench", null, ct);
                cpu.Stop("uncached");
                uncachedIngests.Add(watch.Elapsed);
                watch.Restart();
                cpu.Start();
                await Ingester(store, options, $"loose-{round}", packs: false).IngestAsync(FolderSource.Read(source), $"bench-loose-{round}", "bench", null, ct);
                cpu.Stop("loose");
                looseIngests.Add(watch.Elapsed);
            }
            var again = Stopwatch.StartNew();
            var repeat = await Ingester(store, options, $"round-{Rounds - 1}").IngestAsync(FolderSource.Read(source), $"bench-centre-{Rounds - 1}", "bench", null, ct);
            again.Stop();

            await output.WriteLineAsync($"{written} examinations, {files.Count} JPEG frames, {bytes / 1e6:0.0} MB, {Environment.ProcessorCount} cores; " +
                $"median of {Rounds} alternating rounds, after a full-size warm-up of each");
            await output.WriteLineAsync("| run | frames | seconds | frames/s | vs decode loop | median of the rounds' ratios |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|");
            var decode = Median(decodes);
            await Row(output, "plain decode loop (1 thread)", files.Count, decode, decode, decodes, decodes);
            await Row(output, $"ingest ({summary!.FramesAdded} added)", files.Count, Median(ingests), decode, decodes, ingests);
            await Row(output, "ingest, statement cache off", files.Count, Median(uncachedIngests), decode, decodes, uncachedIngests);
            await Row(output, "ingest, a file per frame (no packs)", files.Count, Median(looseIngests), decode, decodes, looseIngests);
            await Row(output, $"re-ingest ({repeat.FramesAdded} added)", files.Count, again.Elapsed, decode, [decode], [again.Elapsed]);
            await output.WriteLineAsync($"CPU seconds per 1,000 frames (this process + PostgreSQL, all rounds): decode loop {cpu.PerThousand("decode", files.Count * Rounds)}; " +
                $"ingest {cpu.PerThousand("ingest", files.Count * Rounds)}; ingest without the statement cache {cpu.PerThousand("uncached", files.Count * Rounds)}; " +
                $"ingest with a file per frame {cpu.PerThousand("loose", files.Count * Rounds)}");
            await output.WriteLineAsync("rounds (decode s / ingest s / without the statement cache s / a file per frame s): " + string.Join(", ",
                Enumerable.Range(0, Rounds).Select(r => $"{decodes[r].TotalSeconds:0.00} / {ingests[r].TotalSeconds:0.00} / {uncachedIngests[r].TotalSeconds:0.00} / {looseIngests[r].TotalSeconds:0.00}")));
            await store.Advanced.Clean.CompletelyRemoveAllAsync(ct);
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, ct);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The process id of the server's postmaster (the parent of the backend that answers).</summary>
    private static async Task<int> PostmasterAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select pg_backend_pid()", conn);
        var backend = (int)(await cmd.ExecuteScalarAsync(ct))!;
        var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat", ct);
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time of this process and of the bench's PostgreSQL server (its postmaster's children; Linux /proc), summed per label.</summary>
    private sealed class CpuTally(int postmaster)
    {
        private readonly Dictionary<string, (double Own, double Postgres)> _sums = [];
        private (double Own, double Postgres) _start;

        public void Start() => _start = Now();

        public void Stop(string label)
        {
            var now = Now();
            var (own, pg) = _sums.GetValueOrDefault(label);
            _sums[label] = (own + now.Own - _start.Own, pg + now.Postgres - _start.Postgres);
        }

        public string PerThousand(string label, int frames)
        {
            var (own, pg) = _sums.GetValueOrDefault(label);
            return $"{(own + pg) * 1000 / frames:0.00} ({own * 1000 / frames:0.00} + {pg * 1000 / frames:0.00})";
        }

        private (double Own, double Postgres) Now()
        {
            var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            double pg = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (pid != postmaster && fields[1] != postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
                    pg += (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // a process that ended meanwhile, or not a process folder
                }
            }
            return (own, pg);
        }
    }

    /// <summary>The floor: read and decode every frame once, one after the other.</summary>
    private static async Task<TimeSpan> DecodeLoopAsync(List<string> files, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        foreach (var f in files)
        {
            using var image = Image.Load<Rgb24>(await File.ReadAllBytesAsync(f, ct));
        }
        return watch.Elapsed;
    }

    private static RecordIngester Ingester(IDocumentStore store, EndoKedOptions options, string files, bool packs = true) =>
        new(store, new LocalFileStore(Path.Combine(options.DataRoot, files), packs), new IngestLimits(), TimeProvider.System);

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static Task Row(TextWriter w, string name, int frames, TimeSpan t, TimeSpan baseline, List<TimeSpan> baselines, List<TimeSpan> times)
    {
        var ratios = baselines.Zip(times, (b, x) => b / x).Order().ToList();
        return w.WriteLineAsync($"| {name} | {frames} | {t.TotalSeconds:0.00} | {frames / t.TotalSeconds:0.0} | {baseline.TotalSeconds / t.TotalSeconds:0.00}× | {ratios[ratios.Count / 2]:0.00}× |");
    }
}
