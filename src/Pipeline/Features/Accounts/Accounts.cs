using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace EndoKED.Pipeline.Features.Accounts;

public enum SignInOutcome { Succeeded, WrongCredentials, LockedOut, Disabled }

public sealed record SignInResult(SignInOutcome Outcome, UserAccount? Account, TimeSpan Delay, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Local accounts: creation, sign-in with lockout and slow-down, grants. Every change appends an event to the account's
/// stream, so grants have a history like labels do.
/// </summary>
public sealed class Accounts(IDocumentStore store, AccountOptions options, TimeProvider clock)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public static string Normalise(string userName) => userName.Trim().ToLowerInvariant();

    public static Guid StreamId(string userId) => StableIds.From("account", userId);

    public static AccessScope ScopeOf(UserAccount account) =>
        account.Role == Role.Admin ? AccessScope.All(account.Id) : AccessScope.ForCentres(account.Id, account.Role, account.Centres);

    /// <summary>Creates an account; returns an error text instead when the input is not acceptable.</summary>
    public async Task<string?> CreateAsync(string userName, string password, Role role, IEnumerable<string> centres, string actor, CancellationToken ct = default)
    {
        var id = Normalise(userName);
        if (!CentreIds.IsValidId(id)) return "User names use lower-case letters, digits, '-' and '_' (at most 64).";
        if (PasswordProblem(password) is { } problem) return problem;
        var granted = centres.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (granted.FirstOrDefault(c => !CentreIds.IsValidId(c)) is { } bad) return $"'{bad}' is not a valid centre id.";

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<UserAccount>(id, ct) is not null) return $"The user '{id}' already exists.";
        var now = clock.GetUtcNow();
        var account = new UserAccount { Id = id, DisplayName = userName.Trim(), Role = role, Centres = granted, CreatedAt = now };
        session.Store(account with { PasswordHash = Hasher.HashPassword(account, password) });
        session.Events.StartStream(StreamId(id), new AccountCreated(id, role, granted, actor, now), new AccountPasswordSet(id, actor, now));
        await session.SaveChangesAsync(ct);
        return null;
    }

    public string? PasswordProblem(string password) =>
        string.IsNullOrEmpty(password) || password.Length < options.MinPasswordLength
            ? $"Passwords need at least {options.MinPasswordLength} characters."
            : null;

    public async Task<UserAccount?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<UserAccount>(Normalise(userName), ct);
    }

    public async Task<SignInResult> SignInAsync(string userName, string password, string? remoteAddress, CancellationToken ct = default)
    {
        var id = Normalise(userName ?? "");
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        var account = await session.LoadAsync<UserAccount>(id, ct);
        if (account is null)
        {
            // Same work and a delay as for a wrong password, so user names cannot be probed.
            Hasher.VerifyHashedPassword(new UserAccount(), DummyHash, password ?? "");
            return new SignInResult(SignInOutcome.WrongCredentials, null, options.FailureDelayStep);
        }
        if (account.LockedUntil is { } until && until > now)
            return new SignInResult(SignInOutcome.LockedOut, null, options.MaxFailureDelay, until);

        var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (verified == PasswordVerificationResult.Failed)
        {
            var failures = account.FailedLogins + 1;
            DateTimeOffset? lockedUntil = null;
            if (failures >= options.LockoutAfterFailures)
            {
                var factor = Math.Pow(2, Math.Min(10, failures - options.LockoutAfterFailures));
                var span = TimeSpan.FromTicks((long)Math.Min(options.MaxLockout.Ticks, options.Lockout.Ticks * factor));
                lockedUntil = now + span;
                session.Events.Append(StreamId(id), new LoginLockedOut(id, failures, lockedUntil.Value, remoteAddress, "login", now));
            }
            session.Store(account with { FailedLogins = failures, LockedUntil = lockedUntil });
            await session.SaveChangesAsync(ct);
            var delay = TimeSpan.FromTicks(Math.Min(options.MaxFailureDelay.Ticks, options.FailureDelayStep.Ticks * failures));
            return lockedUntil is null
                ? new SignInResult(SignInOutcome.WrongCredentials, null, delay)
                : new SignInResult(SignInOutcome.LockedOut, null, options.MaxFailureDelay, lockedUntil);
        }
        if (account.Disabled)
            return new SignInResult(SignInOutcome.Disabled, null, options.FailureDelayStep);

        var updated = account with { FailedLogins = 0, LockedUntil = null, LastLoginAt = now };
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            updated = updated with { PasswordHash = Hasher.HashPassword(account, password!) };
        session.Store(updated);
        await session.SaveChangesAsync(ct);
        return new SignInResult(SignInOutcome.Succeeded, updated, TimeSpan.Zero);
    }

    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount(), "not-a-real-password-" + Guid.NewGuid());
}
