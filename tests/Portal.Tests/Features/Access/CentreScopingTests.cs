using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Features.Access;

public class CentreScopingTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Theory]
    [InlineData("/api/examinations/{exam}")]
    [InlineData("/api/images/{image}")]
    [InlineData("/api/images/{image}/file")]
    [InlineData("/api/images/{image}/thumbnail")]
    [InlineData("/api/items/examination/{exam}/history")]
    [InlineData("/api/items/image/{image}/history")]
    public async Task A_clinician_of_centre_a_gets_404_for_centre_b_records_and_200_for_centre_a(string template)
    {
        var http = await fixture.Portal.ClientForAsync("scope-clin-a", Role.Clinician, "centre-a");
        string Url(Guid exam, Guid image) => template.Replace("{exam}", exam.ToString(), StringComparison.Ordinal).Replace("{image}", image.ToString(), StringComparison.Ordinal);

        var other = await http.GetAsync(Url(fixture.ExamB, fixture.ImageB));
        var own = await http.GetAsync(Url(fixture.ExamA, fixture.ImageA));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Lists_and_centres_hold_only_the_granted_centre()
    {
        var http = await fixture.Portal.ClientForAsync("scope-clin-a2", Role.Clinician, "centre-a");

        var forB = await http.GetFromJsonAsync<JsonElement>("/api/examinations?centre=centre-b");
        var all = await http.GetFromJsonAsync<JsonElement>("/api/examinations");
        var centres = await http.GetFromJsonAsync<JsonElement>("/api/centres");

        Assert.Equal(0, forB.GetProperty("total").GetInt32());
        Assert.All(all.GetProperty("items").EnumerateArray(), i => Assert.Equal("centre-a", i.GetProperty("centreId").GetString()));
        Assert.Equal(["centre-a"], centres.EnumerateArray().Select(c => c.GetProperty("centreId").GetString()));
    }

    [Fact]
    public async Task A_clinician_cannot_reach_admin_endpoints_or_pages()
    {
        var http = await fixture.Portal.ClientForAsync("scope-clin-admin", Role.Clinician, "centre-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/api/ingest?centre=centre-a", new ByteArrayContent([1, 2]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/ingest/{Guid.NewGuid()}")).StatusCode);

        var lead = await fixture.Portal.ClientForAsync("scope-lead-admin", Role.Lead, "centre-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync("/api/ingest?centre=centre-a", new ByteArrayContent([1, 2]))).StatusCode);
    }

    [Fact]
    public async Task Without_signing_in_the_api_answers_401_and_pages_redirect_to_the_login()
    {
        var anonymous = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/examinations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/images/{fixture.ImageA}/file")).StatusCode);
        var page = await anonymous.GetAsync("/examinations");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task The_access_log_records_who_opened_which_record_and_not_the_refused_attempts()
    {
        var http = await fixture.Portal.ClientForAsync("scope-logged", Role.Clinician, "centre-a");
        await http.GetAsync($"/api/examinations/{fixture.ExamA}");
        await http.GetAsync($"/api/images/{fixture.ImageA}/file");
        await http.GetAsync($"/api/examinations/{fixture.ExamB}");

        var (items, total) = await fixture.Portal.Services.GetRequiredService<AccessLog>().SearchAsync(new AccessLogQuery(UserId: "scope-logged"));

        Assert.Equal(2, total);
        Assert.Contains(items, i => i is { Kind: "examination", CentreId: "centre-a" } && i.ItemId == fixture.ExamA && i.Via == "api");
        Assert.Contains(items, i => i.Kind == "image-file" && i.ItemId == fixture.ImageA);
        Assert.DoesNotContain(items, i => i.ItemId == fixture.ExamB);
    }

    [Fact]
    public async Task A_revoked_grant_applies_within_seconds_and_a_disabled_account_loses_its_token()
    {
        var http = await fixture.Portal.ClientForAsync("scope-revoked", Role.Clinician, "centre-a");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/examinations/{fixture.ExamA}")).StatusCode);
        var admin = fixture.Portal.Services.GetRequiredService<AccountAdministration>();

        await admin.ChangeGrantsAsync("scope-revoked", Role.Clinician, ["centre-b"], "test-admin");
        await Eventually.That(async () => (await http.GetAsync($"/api/examinations/{fixture.ExamA}")).StatusCode == HttpStatusCode.NotFound,
            "the revoked centre's examination is no longer found", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/examinations/{fixture.ExamB}")).StatusCode);

        await admin.SetDisabledAsync("scope-revoked", true, "test-admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/centres")).StatusCode);
    }
}
