using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>Bound from <c>EndoKED:Oidc</c>. Sign-in through a hospital's identity provider, when an authority is set.</summary>
public sealed class OidcOptions
{
    public const string Section = "EndoKED:Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The scopes asked for, space separated (a provider may release the role and centre claims only with its own scope).</summary>
    public string Scopes { get; set; } = "openid profile";
    /// <summary>The claim that names the user (falls back to <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";
    /// <summary>The claim that carries the role (Clinician, Lead or Admin).</summary>
    public string RoleClaim { get; set; } = "endoked_role";
    /// <summary>The claim (repeated, a JSON array, or space separated) that carries the granted centre ids.</summary>
    public string CentreClaim { get; set; } = "endoked_centres";
    /// <summary>Off only for a plain-http provider (a test or an intranet one).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>What stops the portal from starting, said before the first request rather than as a 500 on every one.</summary>
    public string? ConfigurationError()
    {
        if (!Enabled) return null;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            return $"EndoKED:Oidc:Authority '{Authority}' is not an http(s) address (the provider's issuer, e.g. https://login.hospital.example/realms/endoked).";
        if (authority.Scheme == Uri.UriSchemeHttp && RequireHttpsMetadata)
            return $"EndoKED:Oidc:Authority '{Authority}' is plain http: use the provider's https address, or, for a test or intranet provider only, set EndoKED__Oidc__RequireHttpsMetadata=false.";
        return null;
    }
}

public static class OpenIdConnectSetup
{
    public const string CentreClaim = "endoked_centre";
    public const string SourceClaim = "endoked_source";

    public static IServiceCollection AddEndoKedOpenIdConnect(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = new OidcOptions();
        configuration.GetSection(OidcOptions.Section).Bind(oidc);
        services.AddSingleton(oidc);
        if (!oidc.Enabled) return services;
        if (oidc.ConfigurationError() is { } error) throw new InvalidOperationException(error);

        services.AddAuthentication().AddOpenIdConnect(OidcOptions.Scheme, "Hospital sign-in", o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SaveTokens = false;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
            if (!o.Scope.Contains("openid")) o.Scope.Add("openid");
            // Claim names stay as the provider wrote them (no mapping of "sub" or "roles" onto .NET's long URIs).
            o.MapInboundClaims = false;
            // Standard providers put profile claims in userinfo and only "sub" in the ID token: read it when offered.
            o.GetClaimsFromUserInfoEndpoint = true;
            foreach (var type in new[] { oidc.NameClaim, "name", oidc.RoleClaim, oidc.CentreClaim }.Distinct())
                o.ClaimActions.Add(new JsonValuesClaimAction(type));
            o.Events.OnTokenValidated = ctx =>
            {
                // Only the ID token is kept (in the encrypted cookie), as the hint that ends the provider's session too.
                if ((ctx.TokenEndpointResponse?.IdToken ?? ctx.ProtocolMessage.IdToken) is { Length: > 0 } idToken)
                    ctx.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
                return Task.CompletedTask;
            };
            // After userinfo: the claims are complete here, from whichever of the two the provider used.
            o.Events.OnTicketReceived = ctx =>
            {
                var signIn = OidcClaimMapping.Map(ctx.Principal!, oidc);
                if (signIn.Principal is null)
                {
                    ctx.Response.Redirect(LoginWithError(signIn.Refusal!));
                    ctx.HandleResponse();
                    return Task.CompletedTask;
                }
                ctx.Principal = signIn.Principal;
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = ctx =>
            {
                ctx.Response.Redirect(LoginWithError("Hospital sign-in failed: " + (ctx.Failure?.Message ?? "the provider did not sign you in.")));
                ctx.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// Signs a hospital user out of the provider too when it offers an end-session endpoint (the browser goes there and
    /// comes back to <c>/login</c>); false when there is nothing to do beyond the portal's own cookie.
    /// </summary>
    public static async Task<bool> SignOutOfProviderAsync(HttpContext http, OidcOptions oidc)
    {
        if (!oidc.Enabled || http.User.HasClaim(SourceClaim, "oidc") != true) return false;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcOptions.Scheme);
        try
        {
            var configuration = options.ConfigurationManager is null ? null : await options.ConfigurationManager.GetConfigurationAsync(http.RequestAborted);
            if (string.IsNullOrEmpty(configuration?.EndSessionEndpoint)) return false;
        }
        catch (InvalidOperationException)
        {
            return false; // the provider cannot be reached: at least the portal's session ends
        }
        await http.SignOutAsync(OidcOptions.Scheme, new AuthenticationProperties { RedirectUri = "/login" });
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return true;
    }

    /// <summary>
    /// The cookie of a hospital sign-in is SameSite=Lax: it is set at the end of a redirect chain that began on the
    /// provider's site, and a Strict cookie would not be sent on the first page after it. Local sign-ins stay Strict.
    /// </summary>
    public static void LaxForHospitalSignIn(CookieSigningInContext ctx)
    {
        if (ctx.Principal?.HasClaim(SourceClaim, "oidc") == true) ctx.CookieOptions.SameSite = SameSiteMode.Lax;
    }

    private static string LoginWithError(string message) => "/login?error=" + Uri.EscapeDataString(message);
}
