using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EndoKED.Portal.Tests.Features.Admin;

/// <summary>Uploads past Kestrel's default request limit (about 30 MB), on the real server, and the archive limit's 413.</summary>
public class LargeUploadTests : IClassFixture<LargeUploadTests.KestrelPortal>
{
    private const long UploadLimit = 400_000_000;
    private readonly KestrelPortal _portal;

    public LargeUploadTests(KestrelPortal portal) => _portal = portal;

    public sealed class KestrelPortal : PortalFactory
    {
        public KestrelPortal() => Start();

        protected override bool UseRealPort => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:Ingest:MaxArchiveBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_300_MB_archive_streams_to_disk_and_is_ingested()
    {
        var http = await _portal.ClientForAsync("large-admin");
        var path = Path.Combine(TestPaths.NewTempDir("large-upload"), "large.zip");
        try
        {
            // Stored (not deflated), so the archive is as large on the wire as unpacked: one report and a 300 MB entry that
            // is over the frame limit, so it is listed and skipped, never read.
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using (var report = zip.CreateEntry("large/exam-1/report.txt").Open())
                    report.Write("A 4 mm polyp in the rectum."u8);
                using var padding = zip.CreateEntry("large/exam-1/padding.png", CompressionLevel.NoCompression).Open();
                var chunk = new byte[1 << 20];
                for (var i = 0; i < 300; i++) padding.Write(chunk);
            }
            Assert.True(new FileInfo(path).Length > 300_000_000);

            HttpResponseMessage response;
            await using (var body = File.OpenRead(path))
                response = await http.PostAsync("/api/ingest?centre=centre-large", new StreamContent(body));

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var job = await Eventually.Returns(() => http.GetFromJsonAsync<JsonElement>($"/api/ingest/{jobId}"),
                j => j.GetProperty("state").GetString() is "Done" or "Failed", "the ingest job finishes", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
            Assert.Equal("Done", job.GetProperty("state").GetString());
            var summary = string.Join("\n", job.GetProperty("summary").EnumerateArray().Select(l => l.GetString()));
            Assert.Contains("examinations: 1 added", summary);
            Assert.Contains("padding.png: entry unpacks to 314,572,800 bytes, over the", summary);
            var exam = await http.GetAsync($"/api/examinations/{StableIds.Examination("centre-large", "exam-1")}");
            Assert.Equal(HttpStatusCode.OK, exam.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
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
        Assert.Contains("400,000,000", problem.GetProperty("detail").GetString());
    }
}
