using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.DraftingSplits;

/// <summary>Drafts, inspects and freezes splits (admins); the list follows other admins' drafts live. Leads inspect frozen splits only.</summary>
public partial class SplitsPage
{
    private readonly SplitDraft _draft = new();
    private IReadOnlyList<string> _centres = [];
    private IReadOnlyList<SplitView>? _splits;
    private SplitView? _selected;
    private IReadOnlyList<SplitCountRow>? _counts;
    private string? _problem;
    private bool _busy, _admin;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAsync();
        _admin = caller.IsAdmin;
        if (_admin)
        {
            await using var scope = Scopes.CreateAsyncScope();
            _centres = [.. (await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(caller)).Select(c => c.CentreId)];
        }
        await LoadAsync();
        ReloadOn(n => n.Kind == LiveKinds.Split, LoadAsync);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _splits = await scope.ServiceProvider.GetRequiredService<SplitQueries>().LatestAsync(await CallerAsync());
        if (_selected is not null) _selected = _splits.FirstOrDefault(s => s.Id == _selected.Id) ?? _selected;
    }

    private async Task SelectAsync(Guid id)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<SplitQueries>();
        var caller = await CallerAsync();
        _selected = await queries.GetAsync(id, caller);
        _counts = null;
        if (_selected is not null) _counts = SplitCounts.Of(await queries.MembersAsync(_selected, caller));
    }

    private async Task DraftAsync() => await RunAsync(c => c.DraftAsync(_draft.ToRequest(), _caller!));

    private async Task FreezeAsync() => await RunAsync(c => c.FreezeAsync(_selected!.Id, _caller!));

    private Pipeline.Infrastructure.Access.AccessScope? _caller;

    /// <summary>Drafting reads every labelled frame: a few seconds for a large ledger, so the button shows it is busy.</summary>
    private async Task RunAsync(Func<SplitCommands, Task<SplitResult>> act)
    {
        _busy = true;
        _problem = null;
        try
        {
            _caller = await CallerAsync();
            SplitResult result;
            await using (var scope = Scopes.CreateAsyncScope())
                result = await act(scope.ServiceProvider.GetRequiredService<SplitCommands>());
            _problem = result.Problem;
            await LoadAsync();
            if (result.Id is { } id) await SelectAsync(id);
        }
        finally
        {
            _busy = false;
        }
    }
}
