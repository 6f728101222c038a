using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Xunit.Abstractions;

namespace EndoKED.Portal.Tests.Features.ScaleOut;

/// <summary>
/// The portal (no handlers of its own) and two worker processes share the queues; one worker is SIGKILLed in the middle
/// of a batch and the portal restarts during the run. The ledger must still hold every result exactly once.
/// </summary>
public sealed class WorkerCrashTests(ITestOutputHelper output)
{
    private const int Examinations = 30;
    private const int FramesPerExam = 4;
    private static readonly FrameBox Box = new(12, 10, 84, 62);

    // This test found the defect that a handler-less portal holding Wolverine's durability agent could not recover a
    // killed worker's inbox (it has no listener for those queues); only nodes that handle every queue may hold it now
    // (Infrastructure/Messaging/MessageRecovery).
    [Fact]
    public async Task A_worker_killed_midway_and_a_portal_restart_leave_every_frame_and_report_processed_exactly_once()
    {
        var schema = "so_" + Guid.NewGuid().ToString("N")[..12];
        var dataRoot = TestPaths.NewTempDir("scale-out");
        var portal = new ScaleOutPortal { Schema = schema, DataRoot = dataRoot, KeepSchema = true };
        ScaleOutPortal? restarted = null;
        WorkerProcess? a = null, b = null;
        try
        {
            portal.Start();
            var folder = TestPaths.NewTempDir("scale-out-records");
            for (var i = 0; i < Examinations; i++)
                TestFrames.ExamFolder(folder, $"so-{i:00}", i % 2 == 0 ? $"A {i % 9 + 3} mm polyp in the sigmoid colon." : "No polyps seen.",
                    $$"""{"patientId":"S{{i}}"}""",
                    [.. Enumerable.Range(0, FramesPerExam).Select(f => ($"{f}.png", TestFrames.Png(96, 72, seed: 1000 + i * 10 + f)))]);
            await portal.IngestAsync(folder, "centre-s");
            var (examIds, imageIds) = await IdsAsync(portal);
            Assert.Equal(Examinations, examIds.Count);
            Assert.Equal(Examinations * FramesPerExam, imageIds.Count);

            var clock = Stopwatch.StartNew();
            a = WorkerProcess.Start("a", schema, dataRoot);
            b = WorkerProcess.Start("b", schema, dataRoot);
            await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(90)), b.WaitReadyAsync(TimeSpan.FromSeconds(90)));
            output.WriteLine($"workers ready after {clock.Elapsed.TotalSeconds:F1} s");

            // The batch: a pipeline run reads every report, and every frame is queued for a mask inside a given box.
            var admin = await portal.ClientForAsync("scale-admin");
            var start = await admin.PostAsJsonAsync("/api/pipeline-runs", new { centres = new[] { "centre-s" }, stages = new[] { "extract" }, extractor = "rules" });
            start.EnsureSuccessStatusCode();
            var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var id in imageIds) await bus.PublishAsync(new SegmentImage(id, "scale-test", Box));
            }

            // Midway: SIGKILL one worker while it holds messages.
            var total = imageIds.Count;
            var masks = await Eventually.Returns(() => LedgerCounts.EventsOfTypeAsync(schema, "mask_proposed"), m => m >= total / 4,
                "a quarter of the masks are proposed", TimeSpan.FromSeconds(100), every: TimeSpan.FromMilliseconds(50));
            a.Kill();
            output.WriteLine($"killed worker a at {masks}/{total} masks, {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(masks < total, "the batch ended before the kill: the test proves nothing");

            // And the portal restarts while the run goes on.
            portal.Dispose();
            restarted = new ScaleOutPortal { Schema = schema, DataRoot = dataRoot };
            restarted.Start();
            admin = await restarted.ClientForAsync("scale-admin");

            var run = await WaitForRunAsync(admin, runId, TimeSpan.FromSeconds(100));
            await Eventually.That(async () => await LedgerCounts.EventsOfTypeAsync(schema, "mask_proposed") >= total,
                "every image has its mask", TimeSpan.FromSeconds(60), every: TimeSpan.FromMilliseconds(250));
            output.WriteLine($"batch done after {clock.Elapsed.TotalSeconds:F1} s; run {run.GetProperty("status")}");

            Assert.Equal("Completed", run.GetProperty("status").GetString());
            var counts = await LedgerCounts.ByStreamAndTypeAsync(schema);
            int Count(Guid stream, string type) => counts.GetValueOrDefault((stream, type));
            Assert.All(examIds, id => Assert.Equal(1, Count(id, "findings_extracted")));
            Assert.All(examIds, id => Assert.Equal(1, Count(id, "examination_label_proposed")));
            Assert.All(imageIds, id => Assert.Equal(1, Count(id, "mask_proposed")));
            var batches = counts.Where(c => c.Key.Stream == runId && c.Key.Type == "pipeline_batch_processed").Sum(c => c.Value);
            Assert.InRange(batches, 1, Examinations);
            Assert.Equal(0, await LedgerCounts.CountAsync($"select count(*) from {schema}_messages.wolverine_dead_letters"));
            Assert.False(b.HasExited, "the surviving worker crashed:\n" + b.Log);
        }
        finally
        {
            if (a is not null) output.WriteLine("worker a:\n" + a.Log);
            if (b is not null) output.WriteLine("worker b:\n" + b.Log);
            a?.Dispose();
            b?.Dispose();
            if (restarted is not null) restarted.Dispose();
            else portal.Dispose();
        }
    }

    private static async Task<(List<Guid> Exams, List<Guid> Images)> IdsAsync(ScaleOutPortal portal)
    {
        await using var session = portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var exams = await session.Query<ExaminationView>().Where(x => x.CentreId == "centre-s").Select(x => x.Id).ToListAsync();
        var images = await session.Query<ImageView>().Where(x => x.CentreId == "centre-s").Select(x => x.Id).ToListAsync();
        return ([.. exams], [.. images]);
    }

    private static Task<JsonElement> WaitForRunAsync(HttpClient admin, Guid id, TimeSpan timeout) =>
        Eventually.Returns(() => admin.GetFromJsonAsync<JsonElement>($"/api/pipeline-runs/{id}"),
            run => run.GetProperty("status").GetString() is "Completed" or "Failed" or "Cancelled", "the run ends", timeout, TimeSpan.FromMilliseconds(250));
}
