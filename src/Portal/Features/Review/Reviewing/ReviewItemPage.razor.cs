using EndoKED.Portal.Features.Examinations;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Portal.Features.Review.CorrectingMasks;
using EndoKED.Portal.Features.Review.Presence;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>
/// One item under review. The page's state is one <see cref="ReviewPageState"/> changed by the pure
/// <see cref="ReviewPageTransitions"/>; this component renders it and runs the effects (queries, the vote, navigation,
/// focus), plus what belongs to the circuit: the claim (soft lock), presence and the live subscription.
/// </summary>
public partial class ReviewItemPage
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private LiveNotifier Notifier { get; set; } = default!;
    [Inject] private PresenceTracker Presence { get; set; } = default!;
    [Inject] private ReviewSession Session { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private ReviewItemKind Kind => Nav.ToBaseRelativePath(Nav.Uri).StartsWith("review/image", StringComparison.Ordinal) ? ReviewItemKind.Image : ReviewItemKind.Examination;

    private ReviewPageState _state = ReviewPageState.Open(Guid.Empty, ReviewItemKind.Examination, false);
    private AccessScope? _caller;
    private IReadOnlyList<string> _present = [];
    private IDisposable? _live, _presence, _presenceWatch;
    private Guid? _claimed;
    private ElementReference _root;
    private IJSObjectReference? _module, _focusKeeper;
    private MaskEditorFrame? _editorFrame;
    private bool _focusPending;

    protected override async Task OnParametersSetAsync()
    {
        if (_state.ItemId == Id) return;
        await LeaveAsync();
        _caller = await CallerAsync();
        _present = [];
        await DispatchAsync(_ => ReviewPageTransitions.Open(Id, Kind, _caller.IsLeadOrAdmin));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusPending || _state.Editing || !_state.IsLoaded) return;
        _focusPending = false;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Review/Reviewing/ReviewItemPage.razor.js");
        _focusKeeper ??= await _module.InvokeAsync<IJSObjectReference>("keepFocus", _root);
        await _module.InvokeVoidAsync("focus", _root);
    }

    /// <summary>Applies a transition to the state as it is now, renders, and runs the effect it asks for.</summary>
    private async Task DispatchAsync(Func<ReviewPageState, ReviewStep> transition)
    {
        var step = transition(_state);
        _state = step.State;
        StateHasChanged();
        if (step.Effect is { } effect) await RunAsync(effect);
    }

    private Task KeyDownAsync(KeyboardEventArgs e) =>
        ReviewKeys.Map(e.Key, _state.Typing, e.CtrlKey || e.AltKey || e.MetaKey) is { } key ? OnCommandAsync(key) : Task.CompletedTask;

    private Task OnCommandAsync(ReviewKey key) => DispatchAsync(s => ReviewPageTransitions.Key(s, key, Clock.GetUtcNow()));

    private Task TimeTravelAsync(HistoryEntry entry) => DispatchAsync(s => ReviewPageTransitions.TimeTravel(s, entry));

    private Task DiffAsync(HistoryEntry entry) => DispatchAsync(s => ReviewPageTransitions.DiffPick(s, entry));

    private Task MaskVotedAsync(string? stage) => DispatchAsync(s => ReviewPageTransitions.EditorVoted(s, stage));

    private Task CloseEditorAsync() => DispatchAsync(ReviewPageTransitions.EditorClosed);

    private Task TypingAsync(bool typing) => DispatchAsync(s => ReviewPageTransitions.Typing(s, typing));

    private Task DraftTextAsync(string? text) => DispatchAsync(s => ReviewPageTransitions.DraftText(s, text));

    private Severity SeverityOf(NoticeLevel level) => level switch
    {
        NoticeLevel.Success => Severity.Success,
        NoticeLevel.Warning => Severity.Warning,
        NoticeLevel.Error => Severity.Error,
        _ => Severity.Info,
    };

    /// <summary>Opening an item: the access log, the claim, presence, the live subscription and the place in the queue.</summary>
    private async Task JoinAsync(Guid id)
    {
        var caller = await CallerAsync();
        await using (var scope = Scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordViewAsync(caller, Kind == ReviewItemKind.Image ? "image" : "examination", id, _state.Item!.CentreId, RemoteAddress, "review");
        await ClaimAsync(id);
        _presence = Presence.Join(id, caller.Actor);
        _presenceWatch = Presence.Watch(id, () => InvokeAsync(() => { _present = Presence.Present(id); StateHasChanged(); }));
        _present = Presence.Present(id);
        _live = Notifier.Subscribe(n => n.ItemId == id ? InvokeAsync(() => DispatchAsync(ReviewPageTransitions.LiveChanged)) : Task.CompletedTask);
        await PositionAsync(id);
    }

    private async Task LeaveAsync()
    {
        _live?.Dispose();
        _presence?.Dispose();
        _presenceWatch?.Dispose();
        (_live, _presence, _presenceWatch) = (null, null, null);
        if (_claimed is { } previous && _caller is not null)
        {
            _claimed = null;
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Pipeline.Features.Review.Claiming.ClaimItem>().ReleaseAsync(previous, _caller);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await LeaveAsync(); }
        catch (ObjectDisposedException) { }
        try
        {
            if (_focusKeeper is not null)
            {
                await _focusKeeper.InvokeVoidAsync("dispose");
                await _focusKeeper.DisposeAsync();
            }

            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException) { }

        GC.SuppressFinalize(this);
    }
}
