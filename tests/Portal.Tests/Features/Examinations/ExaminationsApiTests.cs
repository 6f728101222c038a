using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Infrastructure;
using SixLabors.ImageSharp;

namespace EndoKED.Portal.Tests.Features.Examinations;

public sealed class ApiFixture : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public byte[] FrameBytes { get; } = TestFrames.Jpeg(640, 480, seed: 5);

    public async Task InitializeAsync()
    {
        Portal.Start();
        var root = TestPaths.NewTempDir("api");
        for (var i = 0; i < 12; i++)
            TestFrames.ExamFolder(root, $"exam-{i:00}", $"Report {i}: <b>bold</b> & <script>alert('x')</script>",
                $$"""{"patientId":"P{{i}}","date":"2026-02-{{i + 1:00}}"}""", ("frame.jpg", i == 0 ? FrameBytes : TestFrames.Jpeg(seed: 100 + i)));
        await Portal.IngestAsync(root, "centre-a");
        Admin = await Portal.ClientForAsync("api-admin");
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}

public class ExaminationsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _http = fixture.Admin;
    private static readonly Guid Exam0 = StableIds.Examination("centre-a", "exam-00");

    [Fact]
    public async Task Health_reports_postgres_reachable_without_signing_in()
    {
        var body = await fixture.Portal.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("reachable", body.GetProperty("postgres").GetString());
    }

    [Fact]
    public async Task The_examination_list_is_paged_with_a_total()
    {
        var page = await _http.GetFromJsonAsync<JsonElement>("/api/examinations?centre=centre-a&page=2&pageSize=5");
        Assert.Equal(12, page.GetProperty("total").GetInt32());
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        var last = await _http.GetFromJsonAsync<JsonElement>("/api/examinations?centre=centre-a&page=3&pageSize=5");
        Assert.Equal(2, last.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_400_problem_that_says_what_is_allowed()
    {
        var response = await _http.GetAsync("/api/examinations?status=bogus");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Ingested", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_examination_gives_its_report_verbatim_and_its_frames()
    {
        var exam = await _http.GetFromJsonAsync<JsonElement>($"/api/examinations/{Exam0}");
        Assert.Equal("Report 0: <b>bold</b> & <script>alert('x')</script>", exam.GetProperty("report").GetString());
        Assert.Equal(1, exam.GetProperty("imageIds").GetArrayLength());
    }

    [Fact]
    public async Task A_frame_file_is_served_byte_for_byte_and_its_thumbnail_is_a_small_jpeg()
    {
        var exam = await _http.GetFromJsonAsync<JsonElement>($"/api/examinations/{Exam0}");
        var imageId = exam.GetProperty("imageIds")[0].GetGuid();

        var file = await _http.GetByteArrayAsync($"/api/images/{imageId}/file");
        var thumbResponse = await _http.GetAsync($"/api/images/{imageId}/thumbnail");
        var thumb = await thumbResponse.Content.ReadAsByteArrayAsync();

        Assert.Equal(fixture.FrameBytes, file);
        Assert.Equal("image/jpeg", thumbResponse.Content.Headers.ContentType?.MediaType);
        var info = Image.Identify(thumb);
        Assert.Equal((256, 192), (info.Width, info.Height));
    }

    [Theory]
    [InlineData("/api/examinations/{0}")]
    [InlineData("/api/images/{0}")]
    [InlineData("/api/images/{0}/file")]
    [InlineData("/api/items/examination/{0}/history")]
    public async Task An_unknown_id_is_a_404_problem(string template)
    {
        var response = await _http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("access", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task History_lists_the_examinations_events_with_actors()
    {
        var history = await _http.GetFromJsonAsync<JsonElement>($"/api/items/examination/{Exam0}/history");
        Assert.Equal(["ExaminationIngested", "FramesAttached"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(history.EnumerateArray(), e => Assert.Equal("test-seed", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await _http.GetAsync("/api/centres");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
