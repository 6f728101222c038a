using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>Bound from <c>EndoKED:Oidc</c>. Sign-in through a hospital's identity provider, when an authority is set.</summary>
public sealed class OidcOptions
{
    public const string Section = "EndoKED:Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The claim that carries the role (Clinician, Lead or Admin).</summary>
    public string RoleClaim { get; set; } = "endoked_role";
    /// <summary>The claim (repeated, or space separated) that carries the granted centre ids.</summary>
    public string CentreClaim { get; set; } = "endoked_centres";
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
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
            o.Scope.Add("profile");
            o.Events.OnTokenValidated = ctx =>
            {
                // Map the provider's claims onto ours: a role, the centres, and a marker that grants come from the provider.
                var id = (ClaimsIdentity)ctx.Principal!.Identity!;
                var role = id.FindFirst(oidc.RoleClaim)?.Value;
                var mapped = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
                mapped.AddClaim(new Claim(ClaimTypes.Name, id.FindFirst("preferred_username")?.Value ?? id.FindFirst("sub")!.Value));
                mapped.AddClaim(new Claim(ClaimTypes.Role, Enum.TryParse<Shared.Role>(role, true, out var r) ? r.ToString() : nameof(Shared.Role.Clinician)));
                foreach (var c in id.FindAll(oidc.CentreClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                    mapped.AddClaim(new Claim(CentreClaim, c));
                mapped.AddClaim(new Claim(SourceClaim, "oidc"));
                ctx.Principal = new ClaimsPrincipal(mapped);
                return Task.CompletedTask;
            };
        });
        return services;
    }
}
