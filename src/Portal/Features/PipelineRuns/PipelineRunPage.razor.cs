using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.PipelineRuns;

public partial class PipelineRunPage
{
    [Parameter] public Guid Id { get; set; }

    private PipelineRunView? _run;
    private bool _loaded;
    private string? _message;
    private IReadOnlyDictionary<string, string> _nothingToDo = new Dictionary<string, string>();
    private readonly List<BreadcrumbItem> _crumbs = [new("Pipeline", "/pipeline"), new("Run", null, disabled: true)];

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.PipelineRun && n.ItemId == Id, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _run = await scope.ServiceProvider.GetRequiredService<PipelineRunQueries>().GetAsync(Id, await CallerAsync());
        _nothingToDo = scope.ServiceProvider.GetRequiredService<PipelineRunCommands>().Stages.ToDictionary(s => s.Name, s => s.NothingToDo);
        _loaded = true;
    }

    private async Task CancelAsync() => await ControlAsync(c => c.CancelAsync(Id, _caller!));

    private async Task ResumeAsync() => await ControlAsync(c => c.ResumeAsync(Id, _caller!));

    private Pipeline.Infrastructure.Access.AccessScope? _caller;

    private async Task ControlAsync(Func<PipelineRunCommands, Task<Pipeline.Features.PipelineRuns.Controlling.ControlResult>> act)
    {
        _caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        _message = (await act(scope.ServiceProvider.GetRequiredService<PipelineRunCommands>())).Problem;
        await LoadAsync();
    }
}
