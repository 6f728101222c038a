using EndoKED.Shared;

namespace EndoKED.Pipeline.Features.Accounts;

/// <summary>The demo's accounts (demo mode only): one admin, a lead and two clinicians of centre-a, a clinician of centre-b.</summary>
public static class DemoAccounts
{
    public const string Password = "endoked-demo";

    public static IReadOnlyList<(string User, Role Role, string[] Centres)> All { get; } =
    [
        ("admin", Role.Admin, []),
        ("lead-a", Role.Lead, [CentreIds.A]),
        ("clinician-a", Role.Clinician, [CentreIds.A]),
        ("clinician-a2", Role.Clinician, [CentreIds.A]),
        ("clinician-b", Role.Clinician, [CentreIds.B]),
    ];

    /// <summary>Creates the accounts that do not exist yet; returns how many were created.</summary>
    public static async Task<int> SeedAsync(Accounts accounts, CancellationToken ct)
    {
        var created = 0;
        foreach (var (user, role, centres) in All)
            if (await accounts.FindAsync(user, ct) is null && await accounts.CreateAsync(user, Password, role, centres, "demo-seed", ct) is null)
                created++;
        return created;
    }
}
