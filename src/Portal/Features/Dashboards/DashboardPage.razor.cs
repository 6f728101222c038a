using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Dashboards;

/// <summary>
/// Reads the dashboards' query (projection documents only) and reloads at most every two seconds while the ledger
/// changes. The weekly counters come from the async daemon, which may lag a notification, so a change asks for two
/// reloads in a row.
/// </summary>
public partial class DashboardPage
{
    private static readonly TimeSpan Throttle = TimeSpan.FromSeconds(2);

    [Inject] private LiveNotifier Notifier { get; set; } = default!;

    private CentreStatsResult? _stats;
    private WeekBasis _basis = WeekBasis.Examination;
    private IReadOnlyList<Pipeline.Features.Dashboards.ComparingRounds.RoundFigures> _rounds = [];
    private IDisposable? _live;
    private Timer? _timer;
    private int _pendingReloads;
    private volatile bool _disposed;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _live = Notifier.Subscribe(_ =>
        {
            Interlocked.Exchange(ref _pendingReloads, 2);
            return Task.CompletedTask;
        });
        _timer = new Timer(_ => OnTick(), null, Throttle, Throttle);
    }

    private void OnTick()
    {
        if (_disposed || Volatile.Read(ref _pendingReloads) <= 0) return;
        Interlocked.Decrement(ref _pendingReloads);
        try
        {
            // Observed, not awaited: a timer thread has nothing to await on; a failed reload keeps the last figures.
            InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }).ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between the tick and the call.
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _stats = await scope.ServiceProvider.GetRequiredService<GetCentreStats>().HandleAsync(await CallerAsync(), _basis)
                 ?? new CentreStatsResult(DateTimeOffset.UtcNow, []);
        _rounds = await scope.ServiceProvider.GetRequiredService<Pipeline.Features.Dashboards.ComparingRounds.GetRounds>().HandleAsync(await CallerAsync()) ?? [];
    }

    private async Task BasisChangedAsync(WeekBasis basis)
    {
        _basis = basis;
        await LoadAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
        _timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
