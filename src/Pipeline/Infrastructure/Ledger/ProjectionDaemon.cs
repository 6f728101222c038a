using JasperFx.Events.Daemon;
using Marten;

namespace EndoKED.Pipeline.Infrastructure.Ledger;

/// <summary>
/// Marten's async daemon: the asynchronous projections (dashboards, cross-checks, model tallies, rounds) and the live
/// subscription. The portal runs it; workers do not. Solo: this portal runs it. HotCold: several portals elect one
/// (the advisory lock of <see cref="LedgerSetup.DaemonLockId"/>) and another takes over when it dies.
/// </summary>
public static class ProjectionDaemon
{
    public static DaemonMode ModeOf(EndoKedOptions options) =>
        string.Equals(options.DaemonMode, DaemonModes.HotCold, StringComparison.OrdinalIgnoreCase) ? DaemonMode.HotCold
        : string.Equals(options.DaemonMode, DaemonModes.Solo, StringComparison.OrdinalIgnoreCase) ? DaemonMode.Solo
        : throw new InvalidOperationException(
            $"EndoKED:DaemonMode '{options.DaemonMode}' is not known: use {DaemonModes.Solo} (one portal) or {DaemonModes.HotCold} (several).");

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddProjectionDaemon(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, EndoKedOptions options) =>
        marten.AddAsyncDaemon(ModeOf(options));
}
