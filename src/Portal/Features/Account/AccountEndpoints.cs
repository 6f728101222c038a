using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Portal.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace EndoKED.Portal.Features.Account;

public sealed record SessionRequest(string? Username, string? Password);

/// <summary>Sign-in and sign-out: the browser's form posts (antiforgery-checked) and the API session (api.md).</summary>
public static class AccountEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, Accounts accounts) =>
        {
            var result = await accounts.SignInAsync(username ?? "", password ?? "", Remote(http), http.RequestAborted);
            await Task.Delay(result.Delay, http.RequestAborted);
            var back = IsLocal(returnUrl) ? returnUrl! : "/";
            if (result.Outcome != SignInOutcome.Succeeded)
                return Results.Redirect($"/login?error={Uri.EscapeDataString(Message(result))}&returnUrl={Uri.EscapeDataString(back)}");
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                AuthSetup.PrincipalFor(result.Account!, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(back);
        }).AllowAnonymous().RequireRateLimiting(LoginRateLimit);

        app.MapPost("/account/logout", async ([FromForm] string? unused, HttpContext http, OidcOptions oidc) =>
        {
            if (await OpenIdConnectSetup.SignOutOfProviderAsync(http, oidc)) return Results.Empty; // on to the provider, back at /login
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });

        app.MapGet("/account/oidc", (string? returnUrl, OidcOptions oidc) => oidc.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [OidcOptions.Scheme])
            : Results.Problem(statusCode: 404, detail: "Hospital sign-in is not configured (EndoKED:Oidc).")).AllowAnonymous();

        app.MapPost("/api/session", async (SessionRequest body, HttpContext http, Accounts accounts, ApiSessions sessions) =>
        {
            var result = await accounts.SignInAsync(body.Username ?? "", body.Password ?? "", Remote(http), http.RequestAborted);
            await Task.Delay(result.Delay, http.RequestAborted);
            switch (result.Outcome)
            {
                case SignInOutcome.Succeeded:
                    var (token, expires) = await sessions.IssueAsync(result.Account!.Id, http.RequestAborted);
                    var scope = Accounts.ScopeOf(result.Account);
                    return Results.Ok(new
                    {
                        token, expiresAt = expires,
                        user = new { id = result.Account.Id, displayName = result.Account.DisplayName },
                        roles = new[] { result.Account.Role.ToString() },
                        centres = scope.Centres?.Order(StringComparer.Ordinal).ToArray() ?? ["*"],
                    });
                case SignInOutcome.LockedOut:
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling((result.LockedUntil!.Value - DateTimeOffset.UtcNow).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.Problem(statusCode: 429, title: "Locked", detail: Message(result));
                default:
                    return Results.Problem(statusCode: 401, title: "Sign-in failed", detail: Message(result));
            }
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(LoginRateLimit);

        app.MapDelete("/api/session", async (HttpContext http, ApiSessions sessions) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                await sessions.EndAsync(header["Bearer ".Length..].Trim(), http.RequestAborted);
            return Results.NoContent();
        });
        return app;
    }

    private static string Message(EndoKED.Pipeline.Features.Accounts.SignInResult r) => r.Outcome switch
    {
        SignInOutcome.LockedOut => $"Too many failed attempts: this account is locked until {r.LockedUntil:HH:mm} UTC. Wait, or ask an admin to reset the password.",
        SignInOutcome.Disabled => "This account is disabled. Ask an admin.",
        _ => "Wrong user name or password.",
    };

    private static string? Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
