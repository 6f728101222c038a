using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>
/// Lists training runs (live) and, for admins, launches one on a frozen split: the button queues the run and opens its
/// page. Leads read the list only.
/// </summary>
public partial class TrainingPage
{
    [Inject] private NavigationManager Nav { get; set; } = default!;

    private readonly TrainingDraft _draft = new();
    private IReadOnlyList<SplitView> _frozen = [];
    private IReadOnlyList<TrainingRunView>? _runs;
    private string? _problem;
    private bool _busy, _admin;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAsync();
        _admin = caller.IsAdmin;
        if (_admin)
        {
            await using (var scope = Scopes.CreateAsyncScope())
                _frozen = await scope.ServiceProvider.GetRequiredService<SplitQueries>().FrozenAsync(caller);
            _draft.DefaultSplitId = _frozen.FirstOrDefault()?.Id;
            _draft.SplitId ??= _draft.DefaultSplitId;
        }
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.TrainingRun, LoadAsync);
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
}
