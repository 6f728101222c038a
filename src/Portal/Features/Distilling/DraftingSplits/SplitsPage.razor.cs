using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Components;

namespace EndoKED.Portal.Features.Distilling.DraftingSplits;

/// <summary>
/// Requests, inspects and freezes splits (admins; Leads inspect frozen splits only). A draft is queued for a worker (it
/// reads every labelled frame): the page shows the split as drafting and follows the Split streams live, so its counts
/// and leakage report appear when the worker is done.
/// </summary>
public partial class SplitsPage
{
    private readonly SplitDraft _draft = new();
    private IReadOnlyList<string> _centres = [];
    private IReadOnlyList<SplitView>? _splits;
    private SplitView? _selected;
    private IReadOnlyList<SplitCountRow>? _counts;
    private string? _countsOf;
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
        var queries = scope.ServiceProvider.GetRequiredService<SplitQueries>();
        _splits = await queries.LatestAsync(await CallerAsync());
        if (_selected is not null) await ShowAsync(queries, _splits.FirstOrDefault(s => s.Id == _selected.Id) ?? _selected);
    }

    private async Task SelectAsync(Guid id)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<SplitQueries>();
        await ShowAsync(queries, await queries.GetAsync(id, await CallerAsync()));
    }

    /// <summary>Counts come from the manifest: read again only when the split shows a new draft.</summary>
    private async Task ShowAsync(SplitQueries queries, SplitView? split)
    {
        _selected = split;
        var manifest = split is { Status: SplitStatus.Drafted or SplitStatus.Frozen } ? split.ManifestSha256 : null;
        if (manifest == _countsOf) return;
        (_counts, _countsOf) = (null, manifest);
        if (manifest is not null) _counts = SplitCounts.Of(await queries.MembersAsync(split!, await CallerAsync()));
    }

    private async Task DraftAsync() => await RunAsync((c, caller) => c.RequestDraftAsync(_draft.ToRequest(), caller));

    private async Task FreezeAsync() => await RunAsync((c, caller) => c.FreezeAsync(_selected!.Id, caller));

    /// <summary>Both commands return at once (a draft is only queued); the split's progress arrives through the live notifications.</summary>
    private async Task RunAsync(Func<SplitCommands, Pipeline.Infrastructure.Access.AccessScope, Task<SplitResult>> act)
    {
        _busy = true;
        _problem = null;
        try
        {
            var caller = await CallerAsync();
            SplitResult result;
            await using (var scope = Scopes.CreateAsyncScope())
                result = await act(scope.ServiceProvider.GetRequiredService<SplitCommands>(), caller);
            _problem = result.Problem;
            if (result.Id is { } id) await SelectAsync(id);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
