using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.PipelineRuns;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Pipeline.Features.PipelineRuns.Stages;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.PipelineRuns;

public partial class PipelineRunsPage
{
    [Inject] private NavigationManager Nav { get; set; } = default!;

    private IReadOnlyList<string> _centres = [];
    private IReadOnlyList<IPipelineStage> _stages = [];
    private readonly HashSet<string> _chosenCentres = [];
    private readonly HashSet<string> _chosenStages = [];
    private string _extractor = "rules";
    private string _proposer = RunProposers.Current;
    private string _refinerName = "", _milModel = "";
    private PromotedModel? _promoted;
    private bool _force, _hasLlm, _starting;
    private string? _problem;
    private IReadOnlyList<PipelineRunView>? _runs;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<PipelineRunCommands>();
        _stages = commands.Stages;
        _hasLlm = commands.HasLlm;
        _extractor = _hasLlm ? "both" : "rules";
        var frameLabels = scope.ServiceProvider.GetRequiredService<FrameLabelOptions>();
        _refinerName = frameLabels.Refiner;
        _milModel = string.IsNullOrWhiteSpace(frameLabels.MilModelPath) ? "" : Path.GetFileName(frameLabels.MilModelPath);
        _promoted = (await scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>().ProposerAsync()).Current;
        _centres = [.. (await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(caller)).Select(c => c.CentreId)];
        _chosenCentres.UnionWith(_centres);
        _chosenStages.UnionWith(_stages.Where(s => s.Unavailable is null).Select(s => s.Name));
        await LoadRunsAsync();
        ReloadOn(n => n.Kind == LiveKinds.PipelineRun, LoadRunsAsync);
    }

    private async Task LoadRunsAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _runs = await scope.ServiceProvider.GetRequiredService<PipelineRunQueries>().LatestAsync(await CallerAsync());
    }

    private static void Toggle(HashSet<string> set, string value, bool on)
    {
        if (on) set.Add(value); else set.Remove(value);
    }

    private async Task StartAsync()
    {
        _starting = true;
        _problem = null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var (id, problem, _) = await scope.ServiceProvider.GetRequiredService<PipelineRunCommands>()
                .StartAsync(new PipelineRunRequest([.. _chosenCentres], [.. _chosenStages], _extractor, _force, _proposer), await CallerAsync());
            if (id is { } runId) Nav.NavigateTo($"/pipeline/{runId}");
            else _problem = problem;
        }
        finally
        {
            _starting = false;
        }
    }

    private static double Overall(PipelineRunView run) =>
        run.Stages.Count == 0 ? 0 : run.Stages.Sum(s => run.ProgressOf(s)?.Fraction ?? 0) / run.Stages.Count;
}
