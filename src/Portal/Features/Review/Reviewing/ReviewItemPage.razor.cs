using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Examinations.History;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Portal.Features.Review.Presence;
using EndoKED.Shared.Masks;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>
/// One item under review: claims it (soft lock), shows the report or the frame with its mask, takes a blinded vote by
/// keyboard, and follows the item live (votes, consensus) and who else has it open.
/// </summary>
public partial class ReviewItemPage
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private LiveNotifier Notifier { get; set; } = default!;
    [Inject] private PresenceTracker Presence { get; set; } = default!;
    [Inject] private ReviewSession Session { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private ReviewItemKind Kind => Nav.ToBaseRelativePath(Nav.Uri).StartsWith("review/image", StringComparison.Ordinal) ? ReviewItemKind.Image : ReviewItemKind.Examination;

    private AccessScope? _caller;
    private bool _loading = true;
    private ReviewItemView? _item;
    private ExaminationView? _exam;
    private ImageView? _image;
    private IReadOnlyList<HistoryEntry> _history = [];
    private IReadOnlyList<EvidenceSpan> _evidence = [];
    private IReadOnlyList<string> _present = [];
    private string? _claimProblem;
    private Guid? _loadedId;
    private IDisposable? _live, _presence, _presenceWatch;
    private ElementReference _root;
    private IJSObjectReference? _module;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == Id) return;
        await LeaveAsync();
        (_loadedId, _loading, _draft, _snapshot, _diffFrom, _diffShown, _editing, _message, _missing) = (Id, true, new VoteDraft(), null, null, false, false, null, null);
        _caller = await CallerAsync();
        await LoadAsync();
        if (_item is not null)
        {
            await using (var scope = Scopes.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordAsync(_caller, Kind == ReviewItemKind.Image ? "image" : "examination", Id, _item.CentreId, RemoteAddress, "review");
            await ClaimAsync();
            var id = Id;
            _presence = Presence.Join(id, _caller.Actor);
            _presenceWatch = Presence.Watch(id, () => InvokeAsync(() => { _present = Presence.Present(id); StateHasChanged(); }));
            _present = Presence.Present(id);
            _live = Notifier.Subscribe(n => n.ItemId == id ? InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }) : Task.CompletedTask);
        }

        _loading = false;
        _focusPending = true;
    }

    private bool _focusPending;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusPending || _editing) return;
        _focusPending = false;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/mask-canvas.js");
        await _module.InvokeVoidAsync("focus", _root);
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var caller = await CallerAsync(); // asked per load: a grant revoked while the page is open stops here
        _item = await sp.GetRequiredService<GetReviewItem>().HandleAsync(Kind, Id, caller);
        var kindName = Kind == ReviewItemKind.Image ? "image" : "examination";
        _history = await sp.GetRequiredService<GetItemHistory>().HandleAsync(kindName, Id, caller) is { } h ? h.Entries : [];
        if (_item is null) return;
        var examinations = sp.GetRequiredService<GetExamination>();
        if (Kind == ReviewItemKind.Examination) _exam ??= (await examinations.HandleAsync(Id, caller))?.Examination;
        else _image ??= await examinations.ImageAsync(Id, caller);
        if (_snapshot is null && _diffFrom is null && !_diffShown) ShowCurrentMask();
    }

    private async Task ClaimAsync()
    {
        _claimProblem = null;
        if (_item is null || _item.Stage != Pipeline.Features.Review.ReviewStage.Voting || _item.YourVote is not null) return;
        await using var scope = Scopes.CreateAsyncScope();
        var (_, refusal) = await scope.ServiceProvider.GetRequiredService<ClaimItem>().ClaimAsync(Kind, Id, await CallerAsync());
        _claimProblem = refusal?.Detail;
    }

    private async Task LeaveAsync()
    {
        _live?.Dispose();
        _presence?.Dispose();
        _presenceWatch?.Dispose();
        (_live, _presence, _presenceWatch) = (null, null, null);
        if (_loadedId is { } previous && _caller is not null && _claimProblem is null)
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ClaimItem>().ReleaseAsync(previous, _caller);
        }
    }

    /// <summary>The item's mask now: the final one once decided, else the proposal.</summary>
    private void ShowCurrentMask() => ShowMask(_item?.Final?.MaskRle ?? _item?.ProposedMask, _item?.Final is not null ? "Final mask" : "Proposed mask");

    private void ShowMask(Shared.Events.MaskRle? mask, string caption)
    {
        _overlay = mask is null ? null : MaskRleCodec.Decode(mask);
        _overlayCaption = mask is null ? "No mask proposed" : caption;
    }

    public async ValueTask DisposeAsync()
    {
        try { await LeaveAsync(); }
        catch (ObjectDisposedException) { }
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); }
            catch (JSDisconnectedException) { }
        }

        GC.SuppressFinalize(this);
    }
}
