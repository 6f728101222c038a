using System.Text.Encodings.Web;
using EndoKED.Pipeline.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the API sessions in the ledger's database.</summary>
public sealed class BearerSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string token;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = header["Bearer ".Length..].Trim();
        else if (Request.Path.StartsWithSegments("/hubs") && Request.Query["access_token"].ToString() is { Length: > 0 } fromQuery)
            token = fromQuery; // WebSockets cannot send headers from browsers: SignalR puts the token in the query
        else
            return AuthenticateResult.NoResult();
        var account = token.Length is > 0 and < 200 ? await sessions.ResolveAsync(token, Context.RequestAborted) : null;
        return account is null
            ? AuthenticateResult.Fail("The token is unknown or expired: POST /api/session for a new one.")
            : AuthenticateResult.Success(new AuthenticationTicket(AuthSetup.PrincipalFor(account, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
