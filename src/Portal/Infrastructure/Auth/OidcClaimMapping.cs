using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>The outcome of a hospital sign-in: our principal, or the reason it is refused (a claim the provider did not send).</summary>
public sealed record OidcSignIn(ClaimsPrincipal? Principal, string? Refusal);

/// <summary>
/// Maps the provider's claims (from the ID token and userinfo alike) onto ours: a name, one role, the centres, and the
/// marker that grants come from the provider. Pure, so every claim shape is unit-tested without a provider.
/// </summary>
public static class OidcClaimMapping
{
    private static readonly Shared.Role[] Privilege = [Shared.Role.Clinician, Shared.Role.Lead, Shared.Role.Admin];

    public static OidcSignIn Map(ClaimsPrincipal provider, OidcOptions oidc)
    {
        var name = First(provider, oidc.NameClaim) ?? First(provider, "sub");
        if (name is null)
            return Refused($"the hospital account carries neither a '{oidc.NameClaim}' nor a 'sub' claim, so EndoKED cannot name the user.");
        var roleValues = Values(provider, oidc.RoleClaim);
        if (roleValues.Count == 0)
            return Refused($"the hospital account carries no '{oidc.RoleClaim}' claim (Clinician, Lead or Admin). Ask your identity team to release it to EndoKED.");
        var roles = roleValues.Select(ParseRole).OfType<Shared.Role>().ToList();
        if (roles.Count == 0)
            return Refused($"the '{oidc.RoleClaim}' claim says '{string.Join(' ', roleValues)}', which is not an EndoKED role (Clinician, Lead or Admin).");
        // Several role values (Entra ID app roles are an array): the most privileged one, as the provider granted them all.
        var role = roles.MaxBy(r => Array.IndexOf(Privilege, r));
        var centres = Values(provider, oidc.CentreClaim);
        if (role != Shared.Role.Admin && centres.Count == 0)
            return Refused($"the hospital account carries no '{oidc.CentreClaim}' claim, so it has no centre to see. Ask your identity team to release it to EndoKED.");

        var mapped = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        mapped.AddClaim(new Claim(ClaimTypes.Name, name));
        mapped.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        if (First(provider, "name") is { } display) mapped.AddClaim(new Claim("display_name", display));
        foreach (var centre in centres) mapped.AddClaim(new Claim(OpenIdConnectSetup.CentreClaim, centre));
        mapped.AddClaim(new Claim(OpenIdConnectSetup.SourceClaim, "oidc"));
        return new OidcSignIn(new ClaimsPrincipal(mapped), null);
    }

    /// <summary>Every value of a claim: repeated claims (a JSON array in a token), space-separated values, or a JSON array as text.</summary>
    public static IReadOnlyList<string> Values(ClaimsPrincipal principal, string type) =>
        [.. principal.FindAll(type).SelectMany(c => Split(c.Value)).Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> Split(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(trimmed)?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()) ?? [];
            }
            catch (JsonException)
            {
                // Not an array after all: read it as plain text below.
            }
        }
        return trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string? First(ClaimsPrincipal principal, string type) =>
        principal.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;

    private static Shared.Role? ParseRole(string value) =>
        Enum.GetNames<Shared.Role>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<Shared.Role>(name)
            : null;

    private static OidcSignIn Refused(string reason) => new(null, "Hospital sign-in refused: " + reason);
}

/// <summary>
/// A userinfo member as claims: each string of an array, or the string itself, skipping values the ID token already
/// gave (the framework's <c>MapJsonKey</c> would add them twice).
/// </summary>
public sealed class JsonValuesClaimAction(string type) : ClaimAction(type, ClaimValueTypes.String)
{
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        if (!userData.TryGetProperty(ClaimType, out var member)) return;
        IEnumerable<JsonElement> items = member.ValueKind == JsonValueKind.Array ? member.EnumerateArray() : [member];
        foreach (var item in items)
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString() : item.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : item.GetRawText();
            if (string.IsNullOrEmpty(value) || identity.HasClaim(ClaimType, value)) continue;
            identity.AddClaim(new Claim(ClaimType, value, ValueType, issuer));
        }
    }
}
