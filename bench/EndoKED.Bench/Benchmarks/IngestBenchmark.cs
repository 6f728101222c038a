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
/// The ingest writes to a throwaway schema and file store, dropped afterwards.
/// </summary>
public sealed class IngestBenchmark(IConfiguration configuration, Func<int, string, int> writeFrames) : IBenchmark
{
    public string Name => "ingest";
    public string Summary => "frames/s of ./endoked ingest beside a plain decode loop over the same files";

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

            // Baseline: read and decode every frame once, one after the other.
            var decode = Stopwatch.StartNew();
            foreach (var f in files)
            {
                using var image = Image.Load<Rgb24>(await File.ReadAllBytesAsync(f, ct));
            }
            decode.Stop();

            using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var ingester = new RecordIngester(store, new LocalFileStore(options.DataRoot), new IngestLimits(), TimeProvider.System);
            var ingest = Stopwatch.StartNew();
            var summary = await ingester.IngestAsync(FolderSource.Read(source), "bench-centre", "bench", null, ct);
            ingest.Stop();
            var again = Stopwatch.StartNew();
            var repeat = await ingester.IngestAsync(FolderSource.Read(source), "bench-centre", "bench", null, ct);
            again.Stop();

            await output.WriteLineAsync($"{written} examinations, {files.Count} JPEG frames, {bytes / 1e6:0.0} MB, {Environment.ProcessorCount} cores");
            await output.WriteLineAsync("| run | frames | seconds | frames/s | vs decode loop |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|");
            await Row(output, "plain decode loop (1 thread)", files.Count, decode.Elapsed, decode.Elapsed);
            await Row(output, $"ingest ({summary.FramesAdded} added)", files.Count, ingest.Elapsed, decode.Elapsed);
            await Row(output, $"re-ingest ({repeat.FramesAdded} added)", files.Count, again.Elapsed, decode.Elapsed);
            await store.Advanced.Clean.CompletelyRemoveAllAsync(ct);
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, ct);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static Task Row(TextWriter w, string name, int frames, TimeSpan t, TimeSpan baseline) =>
        w.WriteLineAsync($"| {name} | {frames} | {t.TotalSeconds:0.00} | {frames / t.TotalSeconds:0.0} | {baseline.TotalSeconds / t.TotalSeconds:0.00}× |");
}
