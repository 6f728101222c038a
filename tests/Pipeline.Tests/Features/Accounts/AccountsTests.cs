using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Microsoft.Extensions.Time.Testing;

namespace EndoKED.Pipeline.Tests.Features.Accounts;

public class AccountsTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly AccountOptions _options = new();

    private Pipeline.Features.Accounts.Accounts Accounts() => new(ledger.Store, _options, _clock);

    [Fact]
    public async Task A_new_account_signs_in_and_its_scope_holds_only_its_centres()
    {
        Assert.Null(await Accounts().CreateAsync("Dr-Lee", "a-long-password", Role.Clinician, ["centre-a"], "admin"));

        var result = await Accounts().SignInAsync("dr-lee", "a-long-password", "127.0.0.1");

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        var scope = Pipeline.Features.Accounts.Accounts.ScopeOf(result.Account!);
        Assert.True(scope.CanSee("centre-a"));
        Assert.False(scope.CanSee("centre-b"));
        Assert.Equal("dr-lee", scope.Actor);
    }

    [Theory]
    [InlineData("ok-user", "short", "at least 10")]
    [InlineData("../evil", "a-long-password", "User names")]
    public async Task Bad_account_input_is_refused_with_a_reason(string user, string password, string expected)
    {
        Assert.Contains(expected, await Accounts().CreateAsync(user, password, Role.Clinician, [], "admin"));
    }

    [Fact]
    public async Task A_duplicate_user_name_is_refused()
    {
        await Accounts().CreateAsync("dup-user", "a-long-password", Role.Clinician, [], "admin");
        Assert.Contains("already exists", await Accounts().CreateAsync("DUP-user", "a-long-password", Role.Lead, [], "admin"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_the_lock_grows_and_expires_and_the_event_is_recorded()
    {
        await Accounts().CreateAsync("lock-me", "a-long-password", Role.Clinician, [], "admin");
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
            delays.Add((await Accounts().SignInAsync("lock-me", "wrong", null)).Delay);
        var fifth = await Accounts().SignInAsync("lock-me", "wrong", "10.1.2.3");

        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second > p.First), "each failure answers later than the one before");
        Assert.Equal(SignInOutcome.LockedOut, fifth.Outcome);
        Assert.Equal(_clock.GetUtcNow() + _options.Lockout, fifth.LockedUntil);
        Assert.Equal(SignInOutcome.LockedOut, (await Accounts().SignInAsync("lock-me", "a-long-password", null)).Outcome);

        _clock.Advance(_options.Lockout + TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Succeeded, (await Accounts().SignInAsync("lock-me", "a-long-password", null)).Outcome);

        await using var session = ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Pipeline.Features.Accounts.Accounts.StreamId("lock-me"));
        var locked = Assert.Single(events.Select(e => e.Data).OfType<LoginLockedOut>());
        Assert.Equal("10.1.2.3", locked.RemoteAddress);
    }

    [Fact]
    public async Task Grant_changes_and_disabling_are_events_naming_the_admin_and_a_disabled_account_cannot_sign_in()
    {
        await Accounts().CreateAsync("grant-me", "a-long-password", Role.Clinician, ["centre-a"], "admin-1");
        var admin = new AccountAdministration(ledger.Store, Accounts(), _clock);

        Assert.Null(await admin.ChangeGrantsAsync("grant-me", Role.Lead, ["centre-b", "centre-a"], "admin-2"));
        Assert.Null(await admin.SetDisabledAsync("grant-me", true, "admin-3"));

        Assert.Equal(SignInOutcome.Disabled, (await Accounts().SignInAsync("grant-me", "a-long-password", null)).Outcome);
        await using var session = ledger.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(Pipeline.Features.Accounts.Accounts.StreamId("grant-me"))).Select(e => e.Data).ToList();
        var grants = Assert.Single(events.OfType<AccountGrantsChanged>());
        Assert.Equal((Role.Lead, "admin-2"), (grants.Role, grants.Actor));
        Assert.Equal(["centre-a", "centre-b"], grants.Centres);
        Assert.Equal("admin-3", Assert.Single(events.OfType<AccountDisabled>()).Actor);
        Assert.Contains("No user", await admin.SetDisabledAsync("nobody", true, "admin"));
    }

    [Fact]
    public async Task Demo_accounts_are_seeded_once()
    {
        Assert.Equal(5, await DemoAccounts.SeedAsync(Accounts(), CancellationToken.None));
        Assert.Equal(0, await DemoAccounts.SeedAsync(Accounts(), CancellationToken.None));
        var clinicianB = await Accounts().SignInAsync("clinician-b", DemoAccounts.Password, null);
        Assert.Equal(["centre-b"], clinicianB.Account!.Centres);
    }
}
