using System.Diagnostics;
using EndoKED.Bench.Benchmarks;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Bench.ScaleOut.LoadTesting;

/// <summary>
/// One pipeline run handled by one <c>endoked worker</c> process, then an equal run (other records of the same size)
/// handled by two, in the same benchmark: items per second of each and their ratio. The benchmark itself only starts
/// the runs, like a portal without handlers. Stages: those this machine can run (extract and segment always; score
/// when a MIL model is configured). Every frame is seeded with a kept box, so the segment stage (the configured
/// refiner, CPU-bound) has frames to work on without a MIL model. Both runs redo their items (force), after the
/// workers' start-up reading is over.
/// </summary>
public sealed class WorkerScalingBenchmark(IConfiguration configuration) : IBenchmark
{
    public string Name => "workers";
    public string Summary => "items/s of one pipeline run with 1 worker process, then with 2, in the same run (their ratio)";

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var exams = context.Size > 0 ? context.Size : 400;
        var lanes = configuration.GetValue("EndoKED:Bench:Workers:Lanes", 1);
        var frames = configuration.GetValue("EndoKED:Bench:Workers:FramesPerExam", 4);
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_workers_" + Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), "endoked-bench-workers-" + Guid.NewGuid().ToString("N")[..8]);
        options.DataRoot = Path.Combine(work, "files");
        options.RunPipelineHandlers = false;
        options.LiveNotifications = false;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddEndoKedPipeline(options, configuration, withMessaging: true);
        using var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            foreach (var centre in new[] { "centre-w1", "centre-w2" }) await SeedAsync(store, options.DataRoot, work, centre, exams, frames, ct);
            IReadOnlyDictionary<string, string> unavailable;
            using (var scope = host.Services.CreateScope())
                unavailable = await scope.ServiceProvider.GetRequiredService<EndoKED.Pipeline.Features.PipelineRuns.Launching.PipelineRunCommands>().UnavailableAsync(ct);
            var stages = host.Services.GetServices<EndoKED.Pipeline.Infrastructure.Stages.IPipelineStage>().Where(s => !unavailable.ContainsKey(s.Name)).Select(s => s.Name).ToList();

            var rows = new List<(int Workers, int Items, double Seconds, int Frames, double FrameSeconds)>();
            foreach (var (workers, centre) in new[] { (1, "centre-w1"), (2, "centre-w2") })
            {
                var processes = Enumerable.Range(0, workers).Select(_ => WorkerChild.Start(options, lanes)).ToList();
                try
                {
                    await Task.WhenAll(processes.Select(p => p.Ready.WaitAsync(TimeSpan.FromMinutes(3), ct)));
                    await UnreadDrainedAsync(store, ct);
                    var watch = Stopwatch.StartNew();
                    var id = Guid.NewGuid();
                    await host.Services.GetRequiredService<IMessageBus>().InvokeAsync(new StartPipelineRun(id, [centre], stages, "rules", true, "bench"), ct);
                    var run = await WaitAsync(store, id, ct);
                    watch.Stop();
                    var segment = run.ProgressOf("segment");
                    rows.Add((workers, run.Progress.Sum(p => p.Done + p.Failed), watch.Elapsed.TotalSeconds,
                        segment?.Done ?? 0, segment is { EndedAt: { } end } ? (end - segment.StartedAt).TotalSeconds : 0));
                }
                finally
                {
                    foreach (var p in processes) p.Dispose();
                }
            }

            await output.WriteLineAsync($"{exams} examinations × {frames} frames per run, stages {string.Join("+", stages)}, {lanes} lane(s) per worker, " +
                $"{Environment.ProcessorCount} cores shared by the workers, PostgreSQL and this process");
            await output.WriteLineAsync("| workers | items (all stages) | run seconds | items/s | segmented frames | segment seconds | frames/s | frames/s ratio to 1 worker |");
            await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---:|");
            static double Fps((int Workers, int Items, double Seconds, int Frames, double FrameSeconds) r) => r.FrameSeconds > 0 ? r.Frames / r.FrameSeconds : 0;
            foreach (var r in rows)
                await output.WriteLineAsync($"| {r.Workers} | {r.Items} | {r.Seconds:0.0} | {r.Items / r.Seconds:0.0} | {r.Frames} | {r.FrameSeconds:0.0} | " +
                    $"{Fps(r):0.0} | {(Fps(rows[0]) > 0 ? Fps(r) / Fps(rows[0]) : 0):0.00} |");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await LedgerSchemas.DropAsync(options.ConnectionString, options.Schema, CancellationToken.None);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static async Task SeedAsync(IDocumentStore store, string dataRoot, string work, string centre, int exams, int frames, CancellationToken ct)
    {
        var source = Path.Combine(work, centre);
        var pictures = Path.Combine(work, "frames-" + centre);
        BenchFrames.Write(frames, pictures);
        var pictureFiles = Directory.GetFiles(pictures, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < exams; i++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(source, $"{centre}-{i:00000}")).FullName;
            await File.WriteAllTextAsync(Path.Combine(dir, "report.txt"),
                i % 3 == 0 ? "No polyps seen." : $"A {3 + (i % 9)} mm sessile polyp in the sigmoid colon, removed by cold snare.", ct);
            foreach (var picture in pictureFiles) File.Copy(picture, Path.Combine(dir, Path.GetFileName(picture)));
        }
        await new RecordIngester(store, new LocalFileStore(dataRoot), new IngestLimits(), TimeProvider.System)
            .IngestAsync(FolderSource.Read(source), centre, "bench", null, ct);

        // A kept box on every frame, as the score stage would leave it, so the segment stage has its real work.
        await using var session = store.LightweightSession();
        var images = await session.Query<EndoKED.Pipeline.Features.Examinations.ImageView>().Where(x => x.CentreId == centre).ToListAsync(ct);
        var box = new EndoKED.Shared.Events.FrameBox(110, 70, 270, 210);
        foreach (var image in images)
            session.Events.Append(image.Id, new EndoKED.Shared.Events.ImageLocalised(image.Id, image.ExaminationId, centre, box, null, null,
                "bench:fixed-box", "bench", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A worker reads every unread report when it starts; that work is over before a run is timed, and the runs redo
    /// their items (force), so both runs do the same work.
    /// </summary>
    private static async Task UnreadDrainedAsync(IDocumentStore store, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var session = store.QuerySession();
            if (!await session.Query<EndoKED.Pipeline.Features.Examinations.ExaminationView>().AnyAsync(x => x.Status == EndoKED.Shared.Records.ExaminationStatus.Ingested, ct)) return;
            await Task.Delay(250, ct);
        }
        throw new TimeoutException("The workers did not read the seeded reports within 20 minutes.");
    }

    private static async Task<PipelineRunView> WaitAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<PipelineRunView>(id, ct) is { Status: not PipelineRunStatus.Running } run)
                return run.Status == PipelineRunStatus.Completed ? run : throw new InvalidOperationException($"The run ended {run.Status}: {run.FailureReason}");
            await Task.Delay(100, ct);
        }
        throw new TimeoutException("The run did not end within 20 minutes.");
    }
}

/// <summary>An <c>endoked worker</c> child process on the benchmark's schema and file store.</summary>
internal sealed class WorkerChild : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    private WorkerChild(Process process) => _process = process;

    public static WorkerChild Start(EndoKED.Pipeline.Infrastructure.EndoKedOptions options, int lanes)
    {
        var pipeline = BuildOutputs.Find("ENDOKED_PIPELINE_DLL", "Pipeline", "EndoKED.Pipeline.dll") ?? throw new InvalidOperationException(
            "The pipeline's build output was not found: build the solution (./endoked builds it) or set ENDOKED_PIPELINE_DLL.");
        var start = new ProcessStartInfo("dotnet", ["exec", pipeline, "worker"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ENDOKED_POSTGRES");
        start.Environment.Remove("ENDOKED_DATA");
        start.Environment["EndoKED__ConnectionString"] = options.ConnectionString;
        start.Environment["EndoKED__Schema"] = options.Schema;
        start.Environment["EndoKED__DataRoot"] = options.DataRoot;
        start.Environment["EndoKED__PipelineBatchLanes"] = lanes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var child = new WorkerChild(Process.Start(start) ?? throw new InvalidOperationException("dotnet could not start a worker."));
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening to", StringComparison.Ordinal) == true) child._ready.TrySetResult();
        };
        child._process.OutputDataReceived += (_, _) => { };
        child._process.Exited += (_, _) => child._ready.TrySetException(new InvalidOperationException("A worker exited while starting."));
        child._process.EnableRaisingEvents = true;
        child._process.BeginErrorReadLine();
        child._process.BeginOutputReadLine();
        return child;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
