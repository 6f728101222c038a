using System.Security.Claims;
using Bunit;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared;

namespace EndoKED.Portal.Tests;

public static class BunitSignIn
{
    /// <summary>
    /// Signs a bUnit context in as <paramref name="user"/> through the identity-provider path, whose claims are the grants
    /// (role and centres), so the pages' caller scope needs no account row.
    /// </summary>
    public static void As(BunitContext ctx, string user, Role role, params string[] centres)
    {
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(user);
        auth.SetRoles(role.ToString());
        auth.SetClaims([new Claim(OpenIdConnectSetup.SourceClaim, "oidc"), new Claim(ClaimTypes.Role, role.ToString()),
            .. centres.Select(c => new Claim(OpenIdConnectSetup.CentreClaim, c))]);
    }
}
