using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.RegisteringModels;

/// <summary>The registry with each model's lineage and rounds; Promote makes a student the next round's mask proposer.</summary>
public partial class ModelsPage
{

    private IReadOnlyList<ModelView>? _models;
    private MaskProposerView? _proposer;
    private string? _message;
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.Model, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _models = await scope.ServiceProvider.GetRequiredService<TrainingRunQueries>().ModelsAsync(await CallerAsync());
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
