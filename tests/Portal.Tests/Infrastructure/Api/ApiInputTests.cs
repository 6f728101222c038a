using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EndoKED.Portal.Infrastructure.Api;
using EndoKED.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure.Api;

/// <summary>The findings of issue #19 one by one: each was a 500 page, an empty 400, or a body parsed past its cap.</summary>
[Collection(ApiCollection.Name)]
public class ApiInputTests(ApiFixture fixture)
{
    private HttpClient Clinician => fixture.Clients[Role.Clinician];
    private HttpClient Lead => fixture.Clients[Role.Lead];

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        foreach (var field in new[] { "type", "title", "detail" })
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty(field).GetString()), $"{field} is empty: {text}");
        return problem;
    }

    private Task<HttpResponseMessage> VoteAsync(HttpClient http, string json) =>
        http.PostAsync($"/api/items/examination/{fixture.Exam}/votes", new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("""{"verdict":"reject","reason":"Other","reasonText":"fold\u0000"}""")]
    [InlineData("""{"verdict":"reject","reason":"Other","reasonText":"\udc00 lone"}""")]
    public async Task A_vote_whose_reason_text_holds_NUL_or_half_a_surrogate_pair_is_a_400_naming_the_field(string body)
    {
        var problem = await ProblemAsync(await VoteAsync(Clinician, body), HttpStatusCode.BadRequest);
        Assert.Contains("reasonText", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Mask_counts_sent_as_strings_are_a_400()
    {
        var response = await Clinician.PostAsync($"/api/items/image/{fixture.Image}/votes",
            new StringContent("""{"verdict":"correct","maskRle":{"size":[48,64],"counts":["100","3000"]}}""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("counts", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/examinations?page=100000000", "page")]
    [InlineData("/api/review/queue?page=2147483647&pageSize=2147483647", "page")]
    [InlineData("/api/examinations?pageSize=0", "pageSize")]
    [InlineData("/api/pipeline-runs?take=-3", "take")]
    public async Task Paging_out_of_bounds_is_a_400_saying_the_bounds(string url, string parameter)
    {
        var problem = await ProblemAsync(await Lead.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.StartsWith(parameter + " must be a whole number from 1 to", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_query_value_holding_NUL_is_a_400_naming_the_parameter()
    {
        var problem = await ProblemAsync(await Lead.GetAsync("/api/examinations?centre=centre-a%00"), HttpStatusCode.BadRequest);
        Assert.Contains("'centre'", problem.GetProperty("detail").GetString());
    }

    /// <summary>Sends <paramref name="bytes"/> of a JSON string as a chunked body (no Content-Length), counting what was read.</summary>
    private sealed class ChunkedJson(long bytes) : HttpContent
    {
        public long Written { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            await stream.WriteAsync("{\"verdict\":\"accept\",\"reasonText\":\""u8.ToArray());
            try
            {
                while (Written < bytes)
                {
                    await stream.WriteAsync(chunk);
                    Written += chunk.Length;
                }
                await stream.WriteAsync("\"}"u8.ToArray());
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The server answered and stopped reading: what it was sent up to here is what it read at most.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task A_chunked_body_over_the_cap_is_a_413_problem_without_reading_it_all()
    {
        var content = new ChunkedJson(20L * 1024 * 1024);
        content.Headers.ContentType = new("application/json");
        var response = await Clinician.PostAsync($"/api/items/examination/{fixture.Exam}/votes", content);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4 MiB", problem.GetProperty("detail").GetString());
    }

    /// <summary>A body of <paramref name="bytes"/> bytes of JSON made up as it is read, counting how far it was read.</summary>
    private sealed class EndlessJson(long bytes) : Stream
    {
        private static readonly byte[] Head = "{\"verdict\":\"accept\",\"reasonText\":\""u8.ToArray();
        public long Served { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, bytes - Served);
            for (var i = 0; i < n; i++) buffer[offset + i] = Served + i < Head.Length ? Head[Served + i] : (byte)'a';
            Served += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_chunked_20_MB_body_is_read_no_further_than_the_cap_and_never_reaches_the_endpoint()
    {
        // The guard on its own (the in-memory test server buffers a request before the portal reads it, so only here
        // can the bytes the portal pulled be counted): no Content-Length, as with Transfer-Encoding: chunked.
        var body = new EndlessJson(20L * 1024 * 1024);
        var ctx = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        ctx.Request.Method = "POST";
        ctx.Request.Path = $"/api/items/examination/{fixture.Exam}/votes";
        ctx.Request.ContentType = "application/json";
        ctx.Request.Body = body;
        ctx.Response.Body = new MemoryStream();
        var app = new ApplicationBuilder(ctx.RequestServices);
        var reached = false;
        app.UseEndoKedApiGuards().Run(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        await app.Build()(ctx);

        Assert.Equal(413, ctx.Response.StatusCode);
        Assert.False(reached);
        Assert.True(body.Served <= ApiGuards.MaxBodyBytes + 81920, $"{body.Served} bytes were read");
    }

    [Fact]
    public async Task Broken_json_on_the_session_endpoint_is_a_400_problem_saying_what_to_send()
    {
        var response = await fixture.Anonymous().PostAsync("/api/session", new StringContent("{\"username\":", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_claim_whose_id_is_not_a_guid_is_a_400_problem_naming_the_field()
    {
        var response = await Clinician.PostAsJsonAsync("/api/review/claims", new { kind = "examination", id = "not-a-guid" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.id", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415_saying_to_send_json()
    {
        var response = await Clinician.PostAsync($"/api/items/examination/{fixture.Exam}/votes", new StringContent("{\"verdict\":\"accept\"}", Encoding.UTF8, "text/plain"));
        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }
}
