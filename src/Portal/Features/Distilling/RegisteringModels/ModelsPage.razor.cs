using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.RegisteringModels;

/// <summary>
/// The registry with each model's lineage and rounds; Promote (admins, students only: a biopsy head does not segment)
/// makes a student the next round's mask proposer. Leads read it, with the test rows of their centres.
/// </summary>
public partial class ModelsPage
{
    private IReadOnlyList<ModelView>? _models;
    private MaskProposerView? _proposer;
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
        _proposer = await scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>().ProposerAsync();
    }

    private async Task PromoteAsync(Guid modelId)
    {
        _busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>().PromoteAsync(modelId, await CallerAsync());
            _message = result.Round is { } round ? $"Promoted: round {round} begins; the next segment stage proposes masks with this student." : result.Problem;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
