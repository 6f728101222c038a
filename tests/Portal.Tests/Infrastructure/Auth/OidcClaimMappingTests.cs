using System.Security.Claims;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Tests.Infrastructure.Auth;

public sealed class OidcClaimMappingTests
{
    private static readonly OidcOptions Options = new() { Authority = "https://login.example", ClientId = "endoked" };

    private static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    private static string[] Centres(OidcSignIn signIn) =>
        [.. signIn.Principal!.FindAll(OpenIdConnectSetup.CentreClaim).Select(c => c.Value).Order(StringComparer.Ordinal)];

    [Fact]
    public void Centres_as_repeated_claims_from_a_json_array_are_each_granted()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_role", "Lead"), ("endoked_centres", "centre-a"), ("endoked_centres", "centre-c")), Options);

        Assert.Equal(["centre-a", "centre-c"], Centres(signIn));
        Assert.Equal("Lead", signIn.Principal!.FindFirst(ClaimTypes.Role)!.Value);
    }

    [Fact]
    public void Centres_as_one_space_separated_claim_are_each_granted()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_role", "clinician"), ("endoked_centres", "centre-a  centre-b")), Options);

        Assert.Equal(["centre-a", "centre-b"], Centres(signIn));
        Assert.Equal("Clinician", signIn.Principal!.FindFirst(ClaimTypes.Role)!.Value);
    }

    [Fact]
    public void Centres_as_a_json_array_written_into_one_claim_are_each_granted_and_a_repeat_counts_once()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_role", "Clinician"), ("endoked_centres", """["centre-a","centre-b"]"""), ("endoked_centres", "centre-a")), Options);

        Assert.Equal(["centre-a", "centre-b"], Centres(signIn));
    }

    [Fact]
    public void The_name_is_the_preferred_username_else_the_subject_and_grants_are_marked_as_the_providers()
    {
        var withName = OidcClaimMapping.Map(Provider(("sub", "0f3a"), ("preferred_username", "dr.lee"), ("endoked_role", "Admin")), Options);
        var withoutName = OidcClaimMapping.Map(Provider(("sub", "0f3a"), ("endoked_role", "Admin")), Options);

        Assert.Equal("dr.lee", withName.Principal!.Identity!.Name);
        Assert.Equal("0f3a", withoutName.Principal!.Identity!.Name);
        Assert.True(withName.Principal.HasClaim(OpenIdConnectSetup.SourceClaim, "oidc"));
    }

    [Fact]
    public void Several_role_values_grant_the_most_privileged_known_one()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("roles", "Clinician"), ("roles", "Lead"), ("roles", "Reader"), ("endoked_centres", "centre-a")),
            new OidcOptions { RoleClaim = "roles" });

        Assert.Equal("Lead", signIn.Principal!.FindFirst(ClaimTypes.Role)!.Value);
    }

    [Fact]
    public void A_missing_role_claim_is_a_refusal_that_names_the_claim_never_a_default_role()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_centres", "centre-a")), Options);

        Assert.Null(signIn.Principal);
        Assert.Contains("no 'endoked_role' claim", signIn.Refusal);
    }

    [Fact]
    public void A_role_the_portal_does_not_know_is_a_refusal_that_quotes_it()
    {
        var signIn = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_role", "2"), ("endoked_centres", "centre-a")), Options);

        Assert.Null(signIn.Principal);
        Assert.Contains("says '2'", signIn.Refusal);
    }

    [Fact]
    public void A_clinician_without_a_centre_claim_is_refused_and_an_admin_needs_none()
    {
        var clinician = OidcClaimMapping.Map(Provider(("sub", "u1"), ("endoked_role", "Clinician")), Options);
        var admin = OidcClaimMapping.Map(Provider(("sub", "u2"), ("endoked_role", "Admin")), Options);

        Assert.Contains("no 'endoked_centres' claim", clinician.Refusal);
        Assert.NotNull(admin.Principal);
    }

    [Theory]
    [InlineData("http://idp.hospital.example", true, "RequireHttpsMetadata=false")]
    [InlineData("idp.hospital.example", true, "is not an http(s) address")]
    [InlineData("http://idp.hospital.example", false, null)]
    [InlineData("https://idp.hospital.example", true, null)]
    public void A_plain_http_or_malformed_authority_is_a_configuration_error_that_says_what_to_set(string authority, bool requireHttps, string? expected)
    {
        var error = new OidcOptions { Authority = authority, ClientId = "endoked", RequireHttpsMetadata = requireHttps }.ConfigurationError();

        if (expected is null) Assert.Null(error);
        else Assert.Contains(expected, error);
    }
}
