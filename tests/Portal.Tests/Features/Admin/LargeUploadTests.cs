using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace EndoKED.Portal.Tests.Features.Admin;

/// <summary>Uploads far past Kestrel's default request limit (about 30 MB), on the real server, and the archive limit's 413.</summary>
[Collection(nameof(HeapMeasurements))]
public class LargeUploadTests : IClassFixture<LargeUploadTests.KestrelPortal>
{
    private const long UploadLimit = 1_200_000_000;
    private readonly KestrelPortal _portal;
    private readonly ITestOutputHelper _output;

    public LargeUploadTests(KestrelPortal portal, ITestOutputHelper output) => (_portal, _output) = (portal, output);

    public sealed class KestrelPortal : PortalFactory
    {
        public KestrelPortal() => Start();

        protected override bool UseRealPort => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:Ingest:MaxArchiveBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            // The gigabyte archive stays in the store's blobs otherwise.
            if (disposing && Directory.Exists(DataRoot)) Directory.Delete(DataRoot, recursive: true);
        }
    }

    [Fact]
    public async Task A_1_GB_archive_sent_chunked_streams_to_disk_with_the_heap_bounded_and_is_ingested()
    {
        var http = await _portal.ClientForAsync("large-admin");
        // Generated as it is sent (no file, no Content-Length: chunked), stored so it is as large on the wire as unpacked:
        // one report and a 1,040 MiB entry over the frame limit, so it is listed and skipped, never unpacked.
        const long padding = 1040L << 20;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
        var producer = Task.Factory.StartNew(() =>
        {
            using (var wire = pipe.Writer.AsStream(leaveOpen: true))
            using (var zip = new ZipArchive(wire, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var report = zip.CreateEntry("large/exam-1/report.txt").Open())
                    report.Write("A 4 mm polyp in the rectum."u8);
                using var entry = zip.CreateEntry("large/exam-1/padding.png", CompressionLevel.NoCompression).Open();
                var chunk = new byte[1 << 20];
                for (var i = 0; i < padding >> 20; i++) entry.Write(chunk);
            }
            pipe.Writer.Complete();
        }, TaskCreationOptions.LongRunning);

        HttpResponseMessage response;
        long peak;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var heap = new HeapWatch(intervalMs: 500))
        {
            response = await http.PostAsync("/api/ingest?centre=centre-large", new StreamContent(pipe.Reader.AsStream()));
            peak = heap.PeakGrowth;
        }
        await producer;
        var uploaded = watch.Elapsed;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(peak < 128L << 20, $"the live heap grew by {peak >> 20} MiB while 1 GiB was uploaded (bound: 128 MiB)");
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var job = await Eventually.Returns(() => http.GetFromJsonAsync<JsonElement>($"/api/ingest/{jobId}"),
            j => j.GetProperty("state").GetString() is "Done" or "Failed", "the ingest job finishes", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
        Assert.Equal("Done", job.GetProperty("state").GetString());
        var summary = string.Join("\n", job.GetProperty("summary").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("examinations: 1 added", summary);
        Assert.Contains($"padding.png: entry unpacks to {padding:N0} bytes, over the", summary);
        var exam = await http.GetAsync($"/api/examinations/{StableIds.Examination("centre-large", "exam-1")}");
        Assert.Equal(HttpStatusCode.OK, exam.StatusCode);
        _output.WriteLine($"1 GiB upload accepted after {uploaded.TotalSeconds:0.0} s, live heap growth {peak >> 20} MiB");
    }

    [Fact]
    public async Task An_archive_over_the_limit_is_a_413_problem_before_its_body_is_read()
    {
        var signedIn = await _portal.ClientForAsync("large-admin");
        // Expect: 100-continue, so the refusal comes before the body is sent (and the client waits for it).
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) }) { BaseAddress = signedIn.BaseAddress };
        http.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        http.DefaultRequestHeaders.ExpectContinue = true;
        var content = new StreamContent(new MemoryStream([]));
        content.Headers.ContentLength = UploadLimit + 1;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest?centre=centre-large") { Content = content };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(UploadLimit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
    }
}
