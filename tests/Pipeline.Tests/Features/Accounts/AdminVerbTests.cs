using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Shared;

namespace EndoKED.Pipeline.Tests.Features.Accounts;

public class AdminVerbTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task Admin_create_makes_an_admin_who_can_sign_in_and_refuses_a_short_password()
    {
        var dir = TestPaths.NewTempDir("admin-verb");
        var good = Path.Combine(dir, "good.txt");
        var bad = Path.Combine(dir, "bad.txt");
        await File.WriteAllTextAsync(good, "a-very-long-password\n");
        await File.WriteAllTextAsync(bad, "short\n");
        Environment.SetEnvironmentVariable("ENDOKED_POSTGRES", LedgerFixture.ConnectionString);
        Environment.SetEnvironmentVariable("EndoKED__Schema", ledger.Schema);
        Environment.SetEnvironmentVariable("ENDOKED_DATA", ledger.DataRoot);
        try
        {
            var err = new StringWriter();
            var ok = await EntryPoint.RunAsync(["admin", "create", "--username", "Chief", "--password-file", good], new CliConsole(new StringWriter(), err), CancellationToken.None);
            var refused = await EntryPoint.RunAsync(["admin", "create", "--username", "other", "--password-file", bad], new CliConsole(new StringWriter(), err), CancellationToken.None);

            Assert.Equal(0, ok);
            Assert.Equal(1, refused);
            Assert.Contains("at least 10", err.ToString());
            var signIn = await new Pipeline.Features.Accounts.Accounts(ledger.Store, new AccountOptions(), TimeProvider.System)
                .SignInAsync("chief", "a-very-long-password", null);
            Assert.Equal(SignInOutcome.Succeeded, signIn.Outcome);
            Assert.Equal(Role.Admin, signIn.Account!.Role);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ENDOKED_POSTGRES", null);
            Environment.SetEnvironmentVariable("EndoKED__Schema", null);
            Environment.SetEnvironmentVariable("ENDOKED_DATA", null);
        }
    }
}
