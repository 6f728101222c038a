using System.Globalization;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>Lists training runs (live) and launches one on a frozen split: the button queues the run and opens its page.</summary>
public partial class TrainingPage
{
    [Inject] private LiveNotifier Notifier { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;

    private readonly TrainingDraft _draft = new();
    private IReadOnlyList<SplitView> _frozen = [];
    private IReadOnlyList<TrainingRunView>? _runs;
    private string? _problem;
    private bool _busy;
    private IDisposable? _live;

    protected override async Task OnInitializedAsync()
    {
        await using (var scope = Scopes.CreateAsyncScope())
            _frozen = [.. (await scope.ServiceProvider.GetRequiredService<SplitQueries>().LatestAsync(await CallerAsync())).Where(s => s.Frozen)];
        _draft.SplitId ??= _frozen.FirstOrDefault()?.Id;
        await LoadAsync();
        _live = Notifier.Subscribe(n => n.Kind == LiveKinds.TrainingRun
            ? InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); })
            : Task.CompletedTask);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _runs = await scope.ServiceProvider.GetRequiredService<TrainingRunQueries>().LatestAsync(await CallerAsync());
    }

    private async Task LaunchAsync()
    {
        if (_draft.ToRequest() is not { } request) return;
        _busy = true;
        _problem = null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<TrainingRunCommands>().RequestAsync(request, await CallerAsync());
            if (result.Id is { } id) Nav.NavigateTo($"/training/{id}");
            else _problem = result.Problem;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Settings(TrainingRunView run) => run.Configuration is not { } c ? "—"
        : string.Create(CultureInfo.InvariantCulture, $"{c.Epochs} epochs · batch {c.BatchSize} · {c.InputSize} px · lr {c.LearningRate:0.#####}");

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
