using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace EndoKED.Pipeline.Features.Accounts;

public sealed record AccountListItem(string Id, string DisplayName, Role Role, IReadOnlyList<string> Centres, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset? LastLoginAt);

/// <summary>What admins do to accounts. Callers check the admin role; each change is an event with the admin's name.</summary>
public sealed class AccountAdministration(IDocumentStore store, Accounts accounts, TimeProvider clock)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public async Task<IReadOnlyList<AccountListItem>> ListAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var all = await session.Query<UserAccount>().OrderBy(a => a.Id).ToListAsync(ct);
        return all.Select(a => new AccountListItem(a.Id, a.DisplayName, a.Role, a.Centres, a.Disabled, a.LockedUntil, a.LastLoginAt)).ToList();
    }

    public async Task<string?> ChangeGrantsAsync(string userId, Role role, IEnumerable<string> centres, string actor, CancellationToken ct = default)
    {
        var granted = centres.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (granted.FirstOrDefault(c => !CentreIds.IsValidId(c)) is { } bad) return $"'{bad}' is not a valid centre id.";
        return await ChangeAsync(userId, a => a with { Role = role, Centres = granted },
            now => new AccountGrantsChanged(userId, role, granted, actor, now), ct);
    }

    public Task<string?> SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken ct = default) =>
        ChangeAsync(userId, a => a with { Disabled = disabled }, now => new AccountDisabled(userId, disabled, actor, now), ct);

    public Task<string?> SetPasswordAsync(string userId, string password, string actor, CancellationToken ct = default) =>
        accounts.PasswordProblem(password) is { } problem
            ? Task.FromResult<string?>(problem)
            : ChangeAsync(userId, a => a with { PasswordHash = Hasher.HashPassword(a, password), FailedLogins = 0, LockedUntil = null },
                now => new AccountPasswordSet(userId, actor, now), ct);

    private async Task<string?> ChangeAsync(string userId, Func<UserAccount, UserAccount> change, Func<DateTimeOffset, object> evt, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var account = await session.LoadAsync<UserAccount>(userId, ct);
        if (account is null) return $"No user '{userId}'.";
        var now = clock.GetUtcNow();
        session.Store(change(account));
        session.Events.Append(Accounts.StreamId(userId), evt(now));
        await session.SaveChangesAsync(ct);
        return null;
    }
}
