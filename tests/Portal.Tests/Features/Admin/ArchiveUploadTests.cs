using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Portal.Features.Admin.Ingesting;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Admin;

[Collection(nameof(HeapMeasurements))]
public class ArchiveUploadTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public ArchiveUploadTests() => _portal.Start();

    public void Dispose()
    {
        _portal.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task An_uploaded_zip_is_ingested_by_the_queue_and_an_entry_climbing_out_is_refused_and_never_written()
    {
        var http = await _portal.ClientForAsync("upload-admin");
        var zip = Zip(
            ("batch/exam-1/report.txt", "A 4 mm polyp in the rectum, removed."u8.ToArray()),
            ("batch/exam-1/f1.png", TestFrames.Png(seed: 31)),
            ("batch/exam-1/bad.jpg", "not a jpeg"u8.ToArray()),
            ("batch/exam-2/report.txt", "No polyps."u8.ToArray()),
            ("../../evil.txt", "pwned"u8.ToArray()));

        var response = await http.PostAsync("/api/ingest?centre=centre-z", new ByteArrayContent(zip));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var job = await WaitForJob(http, jobId);
        Assert.Equal("Done", job.GetProperty("state").GetString());
        var summary = string.Join("\n", job.GetProperty("summary").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("examinations: 2 added", summary);
        Assert.Contains("../../evil.txt: path escapes the archive", summary);
        Assert.Contains("bad.jpg: not an image", summary);

        var exam = await http.GetFromJsonAsync<JsonElement>($"/api/examinations/{StableIds.Examination("centre-z", "exam-1")}");
        Assert.Equal(1, exam.GetProperty("imageIds").GetArrayLength());
        foreach (var dir in new[] { _portal.DataRoot, Path.GetDirectoryName(_portal.DataRoot)!, Environment.CurrentDirectory, AppContext.BaseDirectory })
            Assert.Empty(Directory.EnumerateFiles(dir, "evil.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_fails_its_job_with_what_to_do()
    {
        var http = await _portal.ClientForAsync("upload-admin");
        var response = await http.PostAsync("/api/ingest?centre=centre-z", new ByteArrayContent("plain text"u8.ToArray()));
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var job = await WaitForJob(http, jobId);
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains(".zip", job.GetProperty("summary")[0].GetString());
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_entry_by_entry_with_the_reason_while_the_portal_heap_stays_bounded()
    {
        var http = await _portal.ClientForAsync("upload-admin");
        // 30 frames of 16 MiB zeros, each under the 64 MiB frame limit: 480 MiB unpacked from well under 1 MB.
        var path = HeapWatch.WriteBomb(Path.Combine(TestPaths.NewTempDir("bomb-upload"), "bomb.zip"), entries: 30, entryBytes: 16 << 20);

        JsonElement job;
        long peak;
        await using (var watch = new HeapWatch())
        {
            await using var body = File.OpenRead(path);
            var response = await http.PostAsync("/api/ingest?centre=centre-z", new StreamContent(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            job = await WaitForJob(http, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            peak = watch.PeakGrowth;
        }

        Assert.Equal("Done", job.GetProperty("state").GetString());
        var summary = job.GetProperty("summary").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(30, summary.Count(l => l.Contains("compression-ratio limit: not unpacked")));
        Assert.True(peak < 128L << 20, $"the portal's live heap grew by {peak >> 20} MiB while the bomb was refused (bound: 128 MiB)");
    }

    [Fact]
    public async Task The_pages_upload_reports_its_progress_as_the_bytes_reach_the_store_and_is_ingested()
    {
        // The page's path: the browser's stream, counted by ReadCountingStream, handed to ArchiveUploads.
        var zip = Zip(("p/exam-1/report.txt", "A 4 mm polyp in the rectum."u8.ToArray()), ("p/exam-1/f1.png", TestFrames.Png(seed: 41)),
            ("p/exam-1/notes.bin", new byte[4 << 20]));
        var seen = new List<long>();
        var uploads = _portal.Services.GetRequiredService<ArchiveUploads>();

        await using var stream = new ReadCountingStream(new MemoryStream(zip), seen.Add);
        var accepted = await uploads.AcceptAsync(stream, "p.zip", "centre-p", "upload-admin", CancellationToken.None);

        Assert.True(seen.Count > 1, "progress is reported as the bytes come, not once at the end");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(zip.LongLength, seen[^1]);
        var http = await _portal.ClientForAsync("upload-admin");
        var job = await WaitForJob(http, accepted.Id);
        Assert.Equal("Done", job.GetProperty("state").GetString());
        Assert.Contains("examinations: 1 added", string.Join("\n", job.GetProperty("summary").EnumerateArray().Select(l => l.GetString())));
    }

    [Fact]
    public async Task An_upload_without_a_valid_centre_is_a_400()
    {
        var http = await _portal.ClientForAsync("upload-admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/ingest", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/ingest?centre=../x", new ByteArrayContent([1]))).StatusCode);
    }

    // A generous wait: the queue is polled, and a loaded 2-core CI machine can be slow; this is not a speed test.
    private static Task<JsonElement> WaitForJob(HttpClient http, Guid id) =>
        Eventually.Returns(() => http.GetFromJsonAsync<JsonElement>($"/api/ingest/{id}"),
            job => job.GetProperty("state").GetString() is "Done" or "Failed", "the ingest job finishes", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return ms.ToArray();
    }
}
