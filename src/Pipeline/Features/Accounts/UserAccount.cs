using EndoKED.Shared;

namespace EndoKED.Pipeline.Features.Accounts;

/// <summary>A local account. The user name is the id (lower-case). Passwords are stored as ASP.NET Core Identity hashes.</summary>
public sealed record UserAccount
{
    public string Id { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public Role Role { get; init; }
    /// <summary>Granted centres. Admins see every centre whatever this holds.</summary>
    public IReadOnlyList<string> Centres { get; init; } = [];
    public bool Disabled { get; init; }
    public int FailedLogins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastLoginAt { get; init; }
}

/// <summary>An API session: the SHA-256 of a bearer token (the token itself is never stored) and its owner.</summary>
public sealed record ApiSession
{
    public string Id { get; init; } = "";
    public string UserId { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
