using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using EndoKED.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure.Api;

/// <summary>
/// A page on a sibling host or port sends the SameSite=Strict cookie along (same site, other origin): an API write signed
/// in by that cookie must come from the portal's own origin and send JSON. Bearer calls are not affected.
/// </summary>
[Collection(ApiCollection.Name)]
public partial class CookieWriteTests(ApiFixture fixture)
{
    private async Task<HttpClient> CookieClientAsync(string user)
    {
        await fixture.Portal.CreateUserAsync(user, Role.Clinician, "centre-a");
        var http = fixture.Anonymous();
        var login = await http.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(login).Groups[1].Value;
        var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user, ["password"] = PortalFactory.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/centres")).StatusCode); // signed in by the cookie
        return http;
    }

    private static HttpRequestMessage Write(string url, HttpContent content, string? site, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (site is not null) request.Headers.Add("Sec-Fetch-Site", site);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    [Fact]
    public async Task A_cookie_signed_text_plain_vote_from_a_sibling_origin_is_refused_and_nothing_is_stored()
    {
        var http = await CookieClientAsync("cookie-victim");
        var before = await fixture.HighWaterAsync();

        var response = await http.SendAsync(Write($"/api/items/examination/{fixture.Exam}/votes",
            new StringContent("""{"verdict":"reject","reason":"TextUnclear"}""", Encoding.UTF8, "text/plain"),
            site: "same-site", origin: "http://evil.localhost:8081"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another site", await response.Content.ReadAsStringAsync());
        await using var session = fixture.Portal.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var events = await Marten.QueryableExtensions.ToListAsync(session.Events.QueryAllRawEvents().Where(e => e.Sequence > before));
        Assert.DoesNotContain(events, e => e.Data is EndoKED.Shared.Events.VoteCast v && v.Reader == "cookie-victim");
        // Nothing else in the victim's name either (sign-in and its first read were before the mark).
        Assert.DoesNotContain(events, e => e.Data is EndoKED.Shared.Events.IHasActor a && a.Actor == "cookie-victim");
    }

    [Theory]
    [InlineData("cross-site", null)]
    [InlineData(null, "http://other.example")]
    public async Task A_cookie_signed_json_write_from_another_origin_is_refused(string? site, string? origin)
    {
        var http = await CookieClientAsync("cookie-other-" + (site ?? "origin"));
        var response = await http.SendAsync(Write("/api/review/claims", JsonContent.Create(new { kind = "examination", id = fixture.Exam }), site, origin));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cookie_signed_json_write_from_the_portals_own_page_goes_through()
    {
        var http = await CookieClientAsync("cookie-own-page");
        var response = await http.SendAsync(Write("/api/review/claims", JsonContent.Create(new { kind = "examination", id = fixture.Exam }),
            site: "same-origin", origin: "http://localhost"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await http.DeleteAsync($"/api/review/claims/{fixture.Exam}");
    }

    [Fact]
    public async Task A_bearer_write_is_not_affected_by_its_origin()
    {
        using var request = Write("/api/review/claims", JsonContent.Create(new { kind = "examination", id = fixture.Exam }),
            site: "cross-site", origin: "http://script.example");
        request.Headers.Authorization = fixture.Bearer(Role.Lead);
        var response = await fixture.Portal.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var release = new HttpRequestMessage(HttpMethod.Delete, $"/api/review/claims/{fixture.Exam}");
        release.Headers.Authorization = fixture.Bearer(Role.Lead);
        await fixture.Portal.CreateClient().SendAsync(release);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
