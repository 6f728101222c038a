using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EndoKED.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EndoKED.Portal.Tests.Infrastructure.Api;

/// <summary>
/// Walks every endpoint under /api, read from the portal's own endpoint data source (a new endpoint is covered without a
/// change here), with malformed bodies, wrong types, huge numbers, NUL and half surrogate pairs, out-of-range paging and
/// junk route values, as a Clinician, a Lead and an Admin: no answer is a 5xx, every error is a problem detail, and a
/// refused write stores no event of the caller (access-log views of an item the caller may see aside). Some bodies are
/// well-formed for some endpoint (every field of a split request is optional): those may be accepted, and are listed.
/// Bounded: each variant goes once, the roles taking turns.
/// </summary>
[Collection(ApiCollection.Name)]
public partial class ApiFuzzTests(ApiFixture fixture, ITestOutputHelper output)
{
    private static readonly Role[] Roles = [Role.Clinician, Role.Lead, Role.Admin];

    private static readonly string[] Queries =
    [
        "", "?page=100000000", "?page=2147483647&pageSize=2147483647", "?page=-1&pageSize=0", "?take=99999999999",
        "?centre=centre-a%00", "?centre=%ED%A0%80&status=%00", "?status=Labelled&page=abc",
        "?kind=image&queue=adjudication&skip=zzz,%00", "?version=-1&at=not-a-time&from=9223372036854775807&to=x",
        "?role=%00&overlay=maybe&take=0", "?centre=" + new string('a', 5000),
    ];

    private static readonly string[] Bodies =
    [
        "{", "[]", "null", "\"text\"", "12345678901234567890123", "{\"a\":1e400}", new string('[', 200) + new string(']', 200),
        """{"verdict":"accept","reasonText":"a\u0000b"}""",
        """{"verdict":"accept","reasonText":"\ud800"}""",
        """{"verdict":"correct","maskRle":{"size":[2,2],"counts":["1","3"]}}""",
        """{"verdict":"correct","maskRle":{"size":["2",{}],"counts":[0,4]}}""",
        """{"verdict":"correct","maskRle":{"size":[2147483647,2147483647],"counts":[0,1]}}""",
        """{"verdict":"correct","maskRle":{"size":[48,64],"counts":"~~~~~~~~"}}""",
        """{"verdict":7,"reason":"Agree","expectedVersion":-5}""",
        """{"kind":"image","id":"not-a-guid"}""",
        """{"username":["x"],"password":{}}""",
        """{"centres":"centre-a","stages":5,"splitId":12345678901234567890}""",
        """{"\u0000":1}""",
    ];

    [Fact]
    public async Task No_api_endpoint_answers_a_5xx_or_stores_anything_for_malformed_input()
    {
        var watch = Stopwatch.StartNew();
        var endpoints = fixture.Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                RateLimited: e.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>() is not null)))
            // Archive uploads read a multi-megabyte stream with their own limits and tests (the ingest work owns them).
            .Where(e => !(e.Method == "POST" && e.Route.TrimEnd('/') == "/api/ingest"))
            // Ending the session would sign the role's client out for the rest of the walk (SessionTests covers it).
            .Where(e => !(e.Method == "DELETE" && e.Route == "/api/session"))
            .Distinct().ToList();
        Assert.True(endpoints.Count > 25, $"only {endpoints.Count} API endpoints found");

        var mark = await fixture.HighWaterAsync();
        var failures = new List<string>();
        var accepted = new List<string>();
        var acceptedStreams = new HashSet<Guid>(); // an accepted request's work may go on in the background (a split being drafted)
        var sent = 0;
        foreach (var (method, route, rateLimited) in endpoints)
        {
            var paths = Paths(route).ToList();
            var turn = 0;
            async Task Send(string path, string? body, string contentType = "application/json")
            {
                var role = Roles[turn++ % Roles.Length];
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.Authorization = fixture.Bearer(role);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
                using var response = await fixture.Portal.CreateClient().SendAsync(request);
                sent++;
                if (method is not ("GET" or "HEAD"))
                {
                    var (all, highWater) = await fixture.WrittenByCallersSinceAsync(mark);
                    mark = highWater;
                    var written = all.Where(w => !acceptedStreams.Contains(w.Stream)).ToList();
                    if (written.Count > 0 && !response.IsSuccessStatusCode)
                        failures.Add($"{method} {path} as {role} with {Shorten(body)}: {(int)response.StatusCode} yet stored {string.Join(", ", written.Select(w => w.What))}");
                    else if (written.Count > 0)
                    {
                        accepted.Add($"{method} {path} as {role} with {Shorten(body)}: {string.Join(", ", written.Select(w => w.What))}");
                        acceptedStreams.UnionWith(written.Select(w => w.Stream));
                    }
                }
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{method} {path} as {role} with {Shorten(body)}: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                else if ((int)response.StatusCode >= 400 && Unexplained(response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()) is { } why)
                    failures.Add($"{method} {path} as {role} with {Shorten(body)}: {(int)response.StatusCode} {why}");
            }

            foreach (var path in paths)
                foreach (var _ in Roles) await Send(path, null);
            // A rate-limited endpoint (sign-in: 30 a minute per address, and the tests share one address) gets a sample.
            foreach (var query in rateLimited ? Queries.Take(3) : Queries) await Send(paths[0] + query, null);
            if (method is "GET" or "HEAD") continue;
            var sample = rateLimited ? Bodies.Take(8) : Bodies;
            foreach (var path in paths.Take(2))
                foreach (var body in sample) await Send(path, body);
            await Send(paths[0], "hello", "text/plain");
            await Send(paths[0], "{\"verdict\":\"accept\"}", "text/plain");
        }

        output.WriteLine($"{sent} requests to {endpoints.Count} endpoints in {watch.Elapsed.TotalSeconds:0.0} s; accepted as well-formed:");
        foreach (var a in accepted) output.WriteLine("  " + a);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        // Bounded: one pass of the corpus (about 1100 requests, 10 to 20 s); the issue holds it under a minute.
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"the walk took {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>What an error answer lacks: a problem detail with a type, a title and a detail saying what to send.</summary>
    private static string? Unexplained(string? mediaType, string text)
    {
        if (mediaType != "application/problem+json") return $"without a problem detail ({mediaType ?? "no body"})";
        try
        {
            var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
            var missing = new[] { "type", "title", "detail" }
                .Where(f => !problem.TryGetProperty(f, out var v) || v.ValueKind != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())).ToList();
            return missing.Count == 0 ? null : $"problem without {string.Join(", ", missing)}: {Shorten(text)}";
        }
        catch (System.Text.Json.JsonException)
        {
            return $"problem that is not JSON: {Shorten(text)}";
        }
    }

    /// <summary>The route with its parameters filled: the real image and examination, a random id, junk.</summary>
    private IEnumerable<string> Paths(string route)
    {
        string Fill(Func<string, string> value) => RouteParameter().Replace(route, m => value(m.Groups[1].Value));
        var real = Fill(name => name == "kind" ? (route.Contains("image", StringComparison.Ordinal) ? "image" : "examination")
            : route.Contains("/images/", StringComparison.Ordinal) || route.Contains("/image/", StringComparison.Ordinal) ? fixture.Image.ToString() : fixture.Exam.ToString());
        yield return real;
        if (!route.Contains('{')) yield break;
        yield return Fill(name => name == "kind" ? "image" : fixture.Image.ToString());
        yield return Fill(name => name == "kind" ? "..%2Fexam%E2%80%AEination" : Guid.NewGuid().ToString());
    }

    private static string Shorten(string? s) => s is null ? "no body" : s.Length <= 160 ? s : s[..160] + "...";

    [GeneratedRegex(@"\{([a-zA-Z]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
