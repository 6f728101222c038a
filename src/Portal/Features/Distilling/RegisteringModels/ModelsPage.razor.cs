using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Shared.Live;

namespace EndoKED.Portal.Features.Distilling.RegisteringModels;

/// <summary>
/// The registry with each model's lineage and promotions. Promote (admins) makes a student the next round's mask proposer,
/// or a MIL head the frame scorer; a biopsy head takes neither role. Leads read it, with the test rows of their centres.
/// </summary>
public partial class ModelsPage
{
    private IReadOnlyList<ModelView>? _models;
    private MaskProposerView? _proposer;
    private FrameScorerView? _scorer;
    private string? _overridePath;
    private string? _message;
    private bool _busy, _admin;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.Model, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var caller = await CallerAsync();
        _admin = caller.IsAdmin;
        _models = await scope.ServiceProvider.GetRequiredService<TrainingRunQueries>().ModelsAsync(caller);
        var promotions = scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>();
        _proposer = await promotions.ProposerAsync();
        _scorer = await promotions.ScorerAsync();
        var path = scope.ServiceProvider.GetService<FrameLabelOptions>()?.MilModelPath;
        _overridePath = string.IsNullOrWhiteSpace(path) ? null : path;
    }

    private bool IsCurrent(ModelView m) =>
        (m.Kind == TrainingRunKinds.Mil ? _scorer?.Current?.ModelId : _proposer?.Current?.ModelId) == m.Id;

    private async Task PromoteAsync(ModelView model)
    {
        _busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>()
                .PromoteAsync(model.Id, PromotionRoles.Of(model.Kind), await CallerAsync());
            _message = result switch
            {
                { Problem: { } problem } => problem,
                { Role: PromotionRoles.Scorer } => $"Promoted: {model.ModelVersion} scores frames from the next score stage on.",
                { Round: { } round } => $"Promoted: round {round} begins; the next segment stage proposes masks with this student.",
                _ => null,
            };
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
