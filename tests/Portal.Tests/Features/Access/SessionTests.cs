using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared;

namespace EndoKED.Portal.Tests.Features.Access;

public class SessionTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task A_session_gives_a_bearer_token_with_the_users_roles_and_centres_and_ends_on_delete()
    {
        await Portal.CreateUserAsync("sess-lead", Role.Lead, "centre-a");
        var http = Portal.CreateClient();

        var response = await http.PostAsJsonAsync("/api/session", new { username = "sess-lead", password = PortalFactory.Password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Lead"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["centre-a"], body.GetProperty("centres").EnumerateArray().Select(r => r.GetString()));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/centres")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/centres")).StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_are_a_401_problem_that_does_not_say_which_part_was_wrong()
    {
        await Portal.CreateUserAsync("sess-wrong", Role.Clinician, "centre-a");
        var http = Portal.CreateClient();
        var wrongPassword = await http.PostAsJsonAsync("/api/session", new { username = "sess-wrong", password = "not-the-password" });
        var noSuchUser = await http.PostAsJsonAsync("/api/session", new { username = "nobody-here", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noSuchUser.StatusCode);
        Assert.Equal(
            (await wrongPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            (await noSuchUser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_and_a_locked_out_login_slows_down_even_with_the_right_password()
    {
        await Portal.CreateUserAsync("sess-locked", Role.Clinician, "centre-a");
        var http = Portal.CreateClient();
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/session", new { username = "sess-locked", password = "guess-" + i })).StatusCode);

        var fifth = await http.PostAsJsonAsync("/api/session", new { username = "sess-locked", password = "guess-5" });
        var watch = Stopwatch.StartNew();
        var right = await http.PostAsJsonAsync("/api/session", new { username = "sess-locked", password = PortalFactory.Password });
        watch.Stop();

        Assert.Equal((HttpStatusCode)429, fifth.StatusCode);
        Assert.Equal((HttpStatusCode)429, right.StatusCode);
        Assert.True(right.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(4));
        var problem = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("locked", problem.GetProperty("detail").GetString());
        Assert.Contains("rfc6585", problem.GetProperty("type").GetString()); // a problem detail names its type (#19)
        // The answer is held back (MaxFailureDelay, 4 s by default): a lower bound, robust on a slow machine.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(3), $"answered after {watch.Elapsed.TotalSeconds:0.00} s");
    }
}
