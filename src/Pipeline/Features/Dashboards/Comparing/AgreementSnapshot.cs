using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoKED.Pipeline.Features.Dashboards.Comparing;

/// <summary>
/// Every centre's agreement figures as of a recent moment, for the dashboards: the first ask computes them, later asks
/// get the snapshot at once, and an ask that finds it older than <see cref="DashboardOptions.AgreementMaxAge"/> starts
/// one background refresh (never two at a time) and is answered from the current snapshot meanwhile. Scoped per caller
/// on the way out. A singleton.
/// </summary>
public sealed class AgreementSnapshot : IAgreementSource
{
    private readonly Func<CancellationToken, Task<IReadOnlyList<CentreAgreement>>> _compute;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<Snapshot>? _current;
    private Task? _refreshing;

    public AgreementSnapshot(IDocumentStore store, DashboardOptions options, TimeProvider clock, ILogger<AgreementSnapshot> logger)
        : this(async ct =>
        {
            await using var session = store.QuerySession();
            return await new GetAgreement(session).HandleAsync(AccessScope.All("dashboards"), null, ct);
        }, options, clock, logger)
    {
    }

    /// <summary>With the computation given (tests).</summary>
    public AgreementSnapshot(Func<CancellationToken, Task<IReadOnlyList<CentreAgreement>>> compute, DashboardOptions options, TimeProvider clock, ILogger? logger = null)
    {
        _compute = compute;
        _options = options;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>When the figures now served were computed; null before the first ask.</summary>
    public DateTimeOffset? AsOf => _current is { IsCompletedSuccessfully: true } done ? done.Result.At : null;

    public async Task<IReadOnlyList<CentreAgreement>> HandleAsync(AccessScope scope, string? centre = null, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync().WaitAsync(ct);
        return [.. snapshot.Centres.Where(c => scope.CanSee(c.CentreId) && (centre is null || c.CentreId == centre))];
    }

    private Task<Snapshot> CurrentAsync()
    {
        lock (_gate)
        {
            if (_current is null || _current.IsFaulted) return _current = ComputeAsync();
            if (_current.IsCompletedSuccessfully && _clock.GetUtcNow() - _current.Result.At > _options.AgreementMaxAge
                && _refreshing is not { IsCompleted: false })
                _refreshing = RefreshAsync();
            return _current;
        }
    }

    /// <summary>Kept in <c>_refreshing</c> while it runs (so never two at a time); swaps itself in and logs its own failure.</summary>
    private async Task RefreshAsync()
    {
        try
        {
            var refreshed = await ComputeAsync();
            lock (_gate) _current = Task.FromResult(refreshed);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Refreshing the dashboards' agreement figures failed; the previous ones stay");
        }
    }

    private async Task<Snapshot> ComputeAsync()
    {
        var at = _clock.GetUtcNow();
        return new Snapshot(at, await _compute(CancellationToken.None));
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<CentreAgreement> Centres);
}
