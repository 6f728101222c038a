using EndoKED.Pipeline.Infrastructure.Access;

namespace EndoKED.Portal.Infrastructure;

/// <summary>
/// Turns the current user into the <see cref="AccessScope"/> every query takes. Until accounts exist (the Access issue),
/// every caller is the local operator of a single-machine install and sees all centres; this class is the one place
/// that changes when sign-in arrives.
/// </summary>
public sealed class CallerScope
{
    public AccessScope Current { get; } = AccessScope.All("local-operator");
}
