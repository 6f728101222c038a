using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Shared.Live;

namespace EndoKED.Portal.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// Lists the ledger's self-training rounds (live, with the running one's progress) and, for admins, starts one: the
/// button records the request and queues the round, which a worker runs. Leads read the list only.
/// </summary>
public partial class SelfTrainingRoundsPage
{
    private readonly SelfTrainingRoundDraft _draft = new();
    private IReadOnlyList<ModelView> _students = [];
    private IReadOnlyList<CentreListItem> _centres = [];
    private IReadOnlyList<SelfTrainingRoundView>? _rounds;
    private string? _problem, _started;
    private bool _busy, _admin;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAsync();
        _admin = caller.IsAdmin;
        if (_admin)
        {
            await using var scope = Scopes.CreateAsyncScope();
            _students = await scope.ServiceProvider.GetRequiredService<SelfTrainingRoundQueries>().StudentsAsync(caller);
            _centres = await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(caller);
        }
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.Model, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var caller = await CallerAsync();
        _rounds = await scope.ServiceProvider.GetRequiredService<SelfTrainingRoundQueries>().LatestAsync(caller);
        if (_admin) _students = await scope.ServiceProvider.GetRequiredService<SelfTrainingRoundQueries>().StudentsAsync(caller);
    }

    private async Task StartAsync()
    {
        if (_draft.ToRequest() is not { } request) return;
        _busy = true;
        (_problem, _started) = (null, null);
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SelfTrainingRoundCommands>().RequestAsync(request, await CallerAsync());
            if (result.Id is null) _problem = result.Refusal?.Problem;
            else _started = $"Round {result.Round} is queued: its progress shows below.";
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
