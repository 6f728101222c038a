using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>
/// One run, live: each recorded epoch reloads the view through the notifier and the chart grows without a reload. A
/// lead reads it (test rows of their centres only, cut by the query) without the cancel button.
/// </summary>
public partial class TrainingRunPage
{
    [Parameter] public Guid Id { get; set; }

    private TrainingRunView? _run;
    private ModelView? _model;
    private IReadOnlyList<int> _rounds = [];
    private IReadOnlyList<PromotedFrameScorer> _scorerPromotions = [];
    private bool _current, _loaded, _admin;
    private EpochMeasure _measure = EpochMeasure.Dice;
    private string? _message;
    private readonly List<BreadcrumbItem> _crumbs = [new("Training", "/training"), new("Run", null, disabled: true)];

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        ReloadOn(n => (n.Kind == LiveKinds.TrainingRun && n.ItemId == Id) || n.Kind == LiveKinds.Model, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var caller = await CallerAsync();
        var queries = scope.ServiceProvider.GetRequiredService<TrainingRunQueries>();
        _admin = caller.IsAdmin;
        _run = await queries.GetAsync(Id, caller);
        _measure = _run is null ? EpochMeasure.Dice : EpochMeasure.Of(_run);
        _model = _run?.ModelId is { } modelId ? await queries.ModelAsync(modelId, caller) : null;
        if (_model is not null)
        {
            var promotions = scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>();
            var proposer = await promotions.ProposerAsync();
            (_rounds, _current) = (proposer.RoundsOf(_model.Id), proposer.Current?.ModelId == _model.Id);
            if (_model.Kind == TrainingRunKinds.Mil)
            {
                var scorer = await promotions.ScorerAsync();
                (_scorerPromotions, _current) = (scorer.PromotionsOf(_model.Id), scorer.Current?.ModelId == _model.Id);
            }
        }
        _loaded = true;
    }

    private async Task CancelAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _message = (await scope.ServiceProvider.GetRequiredService<TrainingRunCommands>().CancelAsync(Id, await CallerAsync())).Problem;
        await LoadAsync();
    }

    private double Progress() => _run is not null && TrainingSettings.PlannedEpochs(_run) is > 0 and var planned ? 100.0 * _run.Epochs.Count / planned : 0;

    private string Title() => _run!.Kind switch
    {
        TrainingRunKinds.Biopsy => "Biopsy run",
        TrainingRunKinds.Mil => "Frame-scorer run",
        _ => "Run",
    };

    private string Summary()
    {
        var r = _run!;
        if (r.Kind == TrainingRunKinds.Mil)
            return $"{(r.SplitId == Guid.Empty ? "No split (patients drawn)" : $"Split {r.SplitId}")} · {TrainingSettings.Describe(r)} · ledger position {r.LedgerPosition} · by {r.RequestedBy}";
        var settings = r.Configuration is null && r.BiopsyConfiguration is null ? "" : " · " + TrainingSettings.Describe(r);
        return $"Split {r.SplitId} (manifest {r.ManifestSha256[..Math.Min(12, r.ManifestSha256.Length)]}…) · {r.Train} / {r.Validation} / {r.Test} frames" +
               $"{settings} · by {r.RequestedBy}";
    }
}
