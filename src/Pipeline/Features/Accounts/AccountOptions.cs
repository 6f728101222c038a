namespace EndoKED.Pipeline.Features.Accounts;

/// <summary>Login and session rules (bound from <c>EndoKED:Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "EndoKED:Accounts";

    public int MinPasswordLength { get; set; } = 10;

    /// <summary>Consecutive failures before the account is locked.</summary>
    public int LockoutAfterFailures { get; set; } = 5;

    /// <summary>The first lock; each further failure while locked doubles it, up to <see cref="MaxLockout"/>.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every failed attempt answers this much later per earlier failure (capped), so guessing is slow.</summary>
    public TimeSpan FailureDelayStep { get; set; } = TimeSpan.FromMilliseconds(400);

    public TimeSpan MaxFailureDelay { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan ApiSessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
