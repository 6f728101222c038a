using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Bench.Benchmarks;
using EndoKED.Bench.FrameLabels;
using EndoKED.Bench.ScaleOut.LoadTesting;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.DemoSeeding;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Bench.DemoSeeding;

/// <summary>
/// A first start with the demo, driven over the API as a script would: a real portal process on a throwaway schema and data
/// folder seeds the demo and bootstraps the chain; the bench times the URL (health), the first mask in the review queue,
/// the bootstrap run, then drafts and freezes a split of machine masks and trains a student (2 epochs at 128 px) until it
/// is registered. Then it scores the bootstrap masks against the demo's truth, and times the score stage's model path
/// (the promoted frame scorer, from the file store) beside bare InferenceSession.Run loops over the same frames.
/// </summary>
public sealed class FirstStartBenchmark(IConfiguration configuration) : IBenchmark
{
    public string Name => "first-start";
    public string Summary => "a first ./endoked up with the demo over the API: URL → first mask → student; mask Dice vs the demo's truth; scoring frames/s";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct)
    {
        var options = PipelineServices.ReadOptions(configuration);
        options.Schema = "bench_first_" + Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), "endoked-bench-first-" + Guid.NewGuid().ToString("N")[..8]);
        options.DataRoot = Path.Combine(work, "files");
        var perCentre = context.Size > 0 ? context.Size : 22;
        var clock = Stopwatch.StartNew();
        await using var portal = await PortalProcess.StartAsync(options.ConnectionString, options.Schema, options.DataRoot, ct, new Dictionary<string, string>
        {
            ["EndoKED__SeedDemo"] = "true", ["EndoKED__DemoExaminationsPerCentre"] = perCentre.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var url = clock.Elapsed;
        using var http = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(30) };
        await SignInAsync(http, ct);

        var firstMask = await UntilAsync(async () => (await GetAsync(http, "api/review/queue?kind=image&pageSize=1", ct)).GetProperty("total").GetInt32() > 0, ct);
        var atFirstMask = clock.Elapsed;
        var run = await UntilAsync(async () =>
        {
            var runs = await GetAsync(http, "api/pipeline-runs", ct);
            return runs.EnumerateArray().Any(r => r.GetProperty("requestedBy").GetString() == DemoBootstrap.Actor && r.GetProperty("status").GetString() is "completed" or "Completed");
        }, ct);
        var atRun = clock.Elapsed;

        var split = await PostAsync(http, "api/splits", new { name = "machine masks", origins = new[] { "machine" } }, ct);
        var splitId = split.GetProperty("id").GetString();
        await UntilAsync(async () => (await GetAsync(http, $"api/splits/{splitId}", ct)).GetProperty("status").GetString() is "drafted" or "Drafted", ct);
        await PostAsync(http, $"api/splits/{splitId}/freeze", new { }, ct);
        var training = await PostAsync(http, "api/training-runs", new { splitId, epochs = 2, size = 128 }, ct);
        var runId = training.GetProperty("id").GetString();
        await UntilAsync(async () =>
        {
            var view = await GetAsync(http, $"api/training-runs/{runId}", ct);
            var status = view.GetProperty("status").GetString();
            return status == "failed"
                ? throw new InvalidOperationException($"The student run failed: {(view.TryGetProperty("failureReason", out var why) ? why.GetString() : "see its page")}")
                : status == "completed";
        }, ct, TimeSpan.FromMinutes(20));
        var atStudent = clock.Elapsed;

        await output.WriteLineAsync($"first start with the demo ({perCentre} examinations per centre, 3 centres), {Environment.ProcessorCount} cores");
        await output.WriteLineAsync("| moment | seconds from the process start | seconds after the URL |");
        await output.WriteLineAsync("|---|---:|---:|");
        foreach (var (what, at) in new[] { ("URL answers (/health)", url), ("first mask in the review queue", atFirstMask), ("bootstrap run completed", atRun),
                     ("student registered (split drafted and frozen, 2 epochs at 128 px)", atStudent) })
            await output.WriteLineAsync($"| {what} | {at.TotalSeconds:F0} | {(at - url).TotalSeconds:F0} |");

        using var store = DocumentStore.For(o => o.ConfigureEndoKed(options));
        var score = await DemoMaskScores.ScoreAsync(store, Path.Combine(work, "demo-source"), null, ct);
        await output.WriteLineAsync();
        await output.WriteLineAsync("| bootstrap masks vs the demo's truth | value |");
        await output.WriteLineAsync("|---|---:|");
        await output.WriteLineAsync($"| polyp frames with a mask | {score.MaskedPolypFrames} of {score.PolypFrames} ({(double)score.MaskedPolypFrames / score.PolypFrames:P0}) |");
        await output.WriteLineAsync($"| mean Dice of those masks | {score.MaskDice:F3} |");
        await output.WriteLineAsync($"| mean Dice over every polyp frame (no mask = 0) | {score.AllPolypDice:F3} |");
        await output.WriteLineAsync($"| mean mask area / truth area | {score.AreaRatio:F2} |");
        await output.WriteLineAsync($"| masks on polyp-free frames | {score.MasksOnClearFrames} of {score.ClearFrames} |");

        await ScoringThroughputAsync(store, new LocalFileStore(options.DataRoot), Path.Combine(work, "demo-source"), output, ct);
    }

    /// <summary>The score stage's model path (the promoted scorer read from the ledger and the file store) beside bare ONNX loops.</summary>
    private static async Task ScoringThroughputAsync(IDocumentStore store, IFileStore files, string demoFolder, TextWriter output, CancellationToken ct)
    {
        var paths = Directory.EnumerateFiles(demoFolder, "*.jpg", SearchOption.AllDirectories).Where(p => !p.Contains("ground-truth", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Take(128).ToList();
        var images = paths.Select(p => (Path.GetFileName(p), Image.Load<Rgb24>(p))).ToList();
        try
        {
            var frameLabels = new FrameLabelOptions();
            using var scoring = new FrameScoring(frameLabels, new PromotedFrameScorers(), files);
            await using var session = store.QuerySession();
            var labeller = await scoring.ForAsync(null, session, ct);
            _ = labeller.Label(images.Take(8).ToList());
            var watch = Stopwatch.StartNew();
            var labels = labeller.Label(images);
            var stage = watch.Elapsed;

            using var features = new ResNet18Features(frameLabels.ResNet18);
            var prepared = images.Select(i => features.Preparer.Prepare(i.Item2, i.Item1)).ToList();
            var extracted = features.Extract(prepared);
            var reference = (await new PromotedFrameScorers().PromotedAsync(session, ct))!;
            using var scorer = new MilScorer(await files.ReadVerifiedAsync(reference.OnnxSha256, "The frame scorer's ONNX", ct), new MilModelMetadata(reference.ModelVersion, reference.FeatureExtractorVersion,
                reference.Threshold, DateTimeOffset.UtcNow, 0, 0, 0), frameLabels.ResNet18.Runtime);
            watch.Restart();
            BenchTable.BareLoop(features.Session, features.Names.Input, [features.Names.Pooled, features.Names.FeatureMap],
                prepared.Select(p => p.Input).ToList(), [3, FramePreparer.Side, FramePreparer.Side], features.BatchSize);
            BenchTable.BareLoop(scorer.Session, MilOnnxExporter.Input, [MilOnnxExporter.Probability, MilOnnxExporter.Logit, MilOnnxExporter.Cam],
                extracted.Select(f => f.FeatureMap).ToList(), [FrameFeatures.Channels, FrameFeatures.MapSide, FrameFeatures.MapSide], extracted.Count);
            var bare = watch.Elapsed;
            await output.WriteLineAsync();
            await output.WriteLineAsync($"scoring {images.Count} decoded demo frames with the promoted frame scorer {reference.ModelVersion} ({labels.Count(l => l.Box.Accepted)} boxes kept)");
            BenchTable.Header(output);
            BenchTable.Row(output, "score stage model (promoted scorer: prepare, ResNet-18, MIL, CAM box)", images.Count, stage, bare);
            await output.WriteLineAsync("The bare loop runs only ResNet-18 and the MIL head's InferenceSession.Run over inputs prepared beforehand.");
        }
        finally
        {
            foreach (var (_, image) in images) image.Dispose();
        }
    }

    private static async Task SignInAsync(HttpClient http, CancellationToken ct)
    {
        await UntilAsync(async () =>
        {
            var response = await http.PostAsJsonAsync("api/session", new { username = "admin", password = DemoAccounts.Password }, ct);
            if (!response.IsSuccessStatusCode) return false;
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return true;
        }, ct);
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        var response = await http.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<bool> UntilAsync(Func<Task<bool>> done, CancellationToken ct, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return true;
            await Task.Delay(1000, ct);
        }
        throw new TimeoutException("The first start did not reach the next step in time.");
    }
}
