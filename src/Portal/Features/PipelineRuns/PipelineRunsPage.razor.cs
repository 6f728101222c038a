using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Shared.Events;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.PipelineRuns;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Pipeline.Infrastructure.Stages;
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
    private string _refinerName = "";
    private string? _overridePath;
    private FrameScorerChoice? _scorer;
    private TrainingRunView? _trainingScorer;
    private IReadOnlyDictionary<string, string> _unavailable = new Dictionary<string, string>();
    private PromotedModel? _promoted;
    private bool _force, _hasLlm, _starting, _loaded;
    private string? _problem;
    private IReadOnlyList<PipelineRunView>? _runs;

    protected override async Task OnInitializedAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<PipelineRunCommands>();
        _stages = commands.Stages;
        _hasLlm = commands.HasLlm;
        _extractor = _hasLlm ? "both" : "rules";
        var frameLabels = scope.ServiceProvider.GetRequiredService<FrameLabelOptions>();
        _refinerName = frameLabels.Refiner;
        _overridePath = string.IsNullOrWhiteSpace(frameLabels.MilModelPath) ? null : frameLabels.MilModelPath;
        // Stages before centres, and the form enabled last: the page renders between these awaits.
        await LoadModelsAsync();
        _chosenStages.UnionWith(_stages.Where(s => !_unavailable.ContainsKey(s.Name)).Select(s => s.Name));
        await LoadCentresAsync();
        await LoadRunsAsync();
        _loaded = true;
        // A frame scorer trained or promoted meanwhile makes the score stage available without a reload; records of a
        // centre that appeared meanwhile (the demo's first start) bring it to the form.
        ReloadOn(n => n.Kind switch
        {
            LiveKinds.PipelineRun => LoadRunsAsync,
            LiveKinds.Model or LiveKinds.TrainingRun => LoadModelsAsync,
            LiveKinds.Examination when !_centres.Contains(n.CentreId) => LoadCentresAsync,
            _ => null,
        });
    }

    private async Task LoadCentresAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var known = _centres;
        _centres = [.. (await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(await CallerAsync())).Select(c => c.CentreId)];
        // A centre that appeared since is ticked, as on a fresh load; one the admin unticked stays unticked.
        _chosenCentres.UnionWith(_centres.Except(known));
    }

    private async Task LoadModelsAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<PipelineRunCommands>();
        var before = _unavailable;
        _unavailable = await commands.UnavailableAsync();
        _scorer = await commands.FrameScorerAsync();
        _promoted = (await scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>().ProposerAsync()).Current;
        _trainingScorer = (await scope.ServiceProvider.GetRequiredService<TrainingRunQueries>().LatestAsync(await CallerAsync(), 20))
            .FirstOrDefault(r => r.Kind == TrainingRunKinds.Mil && !r.IsOver);
        // A stage that just became available is ticked, as it would have been on a fresh load.
        _chosenStages.UnionWith(_stages.Where(s => before.ContainsKey(s.Name) && !_unavailable.ContainsKey(s.Name)).Select(s => s.Name));
    }

    /// <summary>One click: a frame scorer trained from the examinations' labels with the defaults, promoted when it completes.</summary>
    private async Task TrainScorerAsync()
    {
        _starting = true;
        _problem = null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<TrainingRunCommands>()
                .RequestAsync(new TrainingRunRequest(Kind: TrainingRunKinds.Mil, PromoteWhenDone: true), await CallerAsync());
            if (result.Id is null) _problem = result.Problem;
            await LoadModelsAsync();
        }
        finally
        {
            _starting = false;
        }
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
