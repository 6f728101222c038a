using System.Security.Claims;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Infrastructure.Access;
using Microsoft.Extensions.Caching.Memory;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>
/// Turns the signed-in user into the <see cref="AccessScope"/> every query takes. Grants are read from the account
/// (cached for a few seconds), not from the cookie, so an admin's change applies within seconds.
/// </summary>
public sealed class CallerScopes(Accounts accounts, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<AccessScope?> ForAsync(ClaimsPrincipal? user)
    {
        var name = user?.Identity is { IsAuthenticated: true } id ? id.Name : null;
        if (name is null) return null;
        if (user!.HasClaim(OpenIdConnectSetup.SourceClaim, "oidc"))
        {
            // Signed in through the identity provider: its claims are the grants.
            var role = Enum.TryParse<Shared.Role>(user.FindFirst(ClaimTypes.Role)?.Value, out var r) ? r : Shared.Role.Clinician;
            return role == Shared.Role.Admin
                ? AccessScope.All(name)
                : AccessScope.ForCentres(name, role, user.FindAll(OpenIdConnectSetup.CentreClaim).Select(c => c.Value));
        }
        var account = await AccountAsync(name);
        return account is { Disabled: false } ? Accounts.ScopeOf(account) : null;
    }

    public async Task<UserAccount?> AccountAsync(string userId) =>
        await cache.GetOrCreateAsync("account:" + userId, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = CacheFor;
            return await accounts.FindAsync(userId);
        });
}

/// <summary>
/// The caller of an API endpoint. Bound from the request (before endpoint filters run); a request without a usable
/// account binds to <see cref="Nobody"/>, which sees nothing and which <see cref="ApiScopeFilter"/> answers with 401.
/// </summary>
public sealed record Caller(AccessScope Scope, string? RemoteAddress)
{
    private static readonly AccessScope NobodyScope = AccessScope.ForCentres("", Shared.Role.Clinician, []);

    public bool IsNobody => ReferenceEquals(Scope, NobodyScope);

    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        if (context.Items[typeof(Caller)] is Caller known) return known;
        var scope = await context.RequestServices.GetRequiredService<CallerScopes>().ForAsync(context.User);
        var caller = new Caller(scope ?? NobodyScope, context.Connection.RemoteIpAddress?.ToString());
        context.Items[typeof(Caller)] = caller;
        return caller;
    }
}

public static class ApiScopeFilter
{
    /// <summary>Every endpoint in the group needs a usable account: a disabled or unknown one is 401.</summary>
    public static RouteGroupBuilder WithCallerScope(this RouteGroupBuilder group) => group.AddEndpointFilter(async (ctx, next) =>
    {
        var caller = await Caller.BindAsync(ctx.HttpContext);
        if (caller!.IsNobody)
            return Results.Problem(statusCode: 401, title: "Sign in", detail: "Sign in first: POST /api/session and send the token as 'Authorization: Bearer <token>'.");
        return await next(ctx);
    });
}
