using System.Security.Claims;
using EndoKED.Pipeline.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>
/// Sign-in: a cookie for the browser, an opaque bearer token for the API (<c>POST /api/session</c>), one policy scheme
/// choosing between them. Everything requires a signed-in user unless it says otherwise.
/// </summary>
public static class AuthSetup
{
    public const string Smart = "cookie-or-bearer";
    public const string Bearer = "Bearer";
    public const string AdminPolicy = "admin";
    public const string LeadPolicy = "lead";

    public static IServiceCollection AddEndoKedAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query.ContainsKey("access_token"))
                    ? Bearer
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Cookie.Name = "endoked.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateAccountAsync;
                o.Events.OnSigningIn = ctx =>
                {
                    OpenIdConnectSetup.LaxForHospitalSignIn(ctx);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerSessionHandler>(Bearer, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(nameof(Shared.Role.Admin)))
            .AddPolicy(LeadPolicy, p => p.RequireRole(nameof(Shared.Role.Lead), nameof(Shared.Role.Admin)));
        services.AddCascadingAuthenticationState();
        services.AddMemoryCache();
        services.AddScoped<CallerScopes>();
        services.AddEndoKedOpenIdConnect(configuration);
        return services;
    }

    public static ClaimsPrincipal PrincipalFor(UserAccount account, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.Id),
                new Claim(ClaimTypes.Role, account.Role.ToString()),
                new Claim("display_name", account.DisplayName),
            ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A disabled or deleted account loses its cookie at the next request, and a role change applies at once.</summary>
    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal?.HasClaim(OpenIdConnectSetup.SourceClaim, "oidc") == true) return;
        var name = ctx.Principal?.Identity?.Name;
        var account = name is null ? null : await ctx.HttpContext.RequestServices.GetRequiredService<CallerScopes>().AccountAsync(name);
        if (account is null || account.Disabled)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (!ctx.Principal!.IsInRole(account.Role.ToString()))
        {
            ctx.ReplacePrincipal(PrincipalFor(account, CookieAuthenticationDefaults.AuthenticationScheme));
            ctx.ShouldRenew = true;
        }
    }
}
