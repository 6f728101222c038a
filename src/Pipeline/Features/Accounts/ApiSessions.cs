using System.Security.Cryptography;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Accounts;

/// <summary>Bearer tokens for the API: random, shown once, stored only as their SHA-256, revocable.</summary>
public sealed class ApiSessions(IDocumentStore store, AccountOptions options, TimeProvider clock)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(string userId, CancellationToken ct = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var session = new ApiSession { Id = Hash(token), UserId = userId, CreatedAt = now, ExpiresAt = now + options.ApiSessionLifetime };
        await using var db = store.LightweightSession();
        db.Store(session);
        await db.SaveChangesAsync(ct);
        return (token, session.ExpiresAt);
    }

    /// <summary>The account behind a token, or null when the token is unknown, expired, or its account disabled.</summary>
    public async Task<UserAccount?> ResolveAsync(string token, CancellationToken ct = default)
    {
        await using var db = store.QuerySession();
        var session = await db.LoadAsync<ApiSession>(Hash(token), ct);
        if (session is null || session.ExpiresAt <= clock.GetUtcNow()) return null;
        var account = await db.LoadAsync<UserAccount>(session.UserId, ct);
        return account is { Disabled: false } ? account : null;
    }

    public async Task EndAsync(string token, CancellationToken ct = default)
    {
        await using var db = store.LightweightSession();
        db.Delete<ApiSession>(Hash(token));
        await db.SaveChangesAsync(ct);
    }

    private static string Hash(string token) => LocalFileStore.Hash(System.Text.Encoding.UTF8.GetBytes(token));
}
