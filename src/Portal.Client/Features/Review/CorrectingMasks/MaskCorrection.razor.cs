using EndoKED.Portal.Client.Features.Review.MaskEditing;
using EndoKED.Shared.Events;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace EndoKED.Portal.Client.Features.Review.CorrectingMasks;

/// <summary>
/// Corrects a frame's mask in the browser (WebAssembly: no stroke crosses the network) and sends it as a vote through
/// the HTTP API at the version the reader looked at. A conflict keeps the drawn mask: reload the version and send again.
/// Inside the review page's frame it tells the page (postMessage) when it is ready, how tall it is, and when the vote is
/// recorded or the reader cancels.
/// </summary>
public partial class MaskCorrection : IAsyncDisposable
{
    public const string ReadyMessage = "endoked:mask-ready";
    public const string VotedMessage = "endoked:mask-voted";
    public const string CancelledMessage = "endoked:mask-cancelled";

    [Inject] private MaskVotes Votes { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;

    [Parameter, EditorRequired] public required Guid ImageId { get; set; }
    [Parameter, EditorRequired] public required int Width { get; set; }
    [Parameter, EditorRequired] public required int Height { get; set; }

    /// <summary>The item's stream version when the reader opened it: the vote's <c>expectedVersion</c>.</summary>
    [Parameter, EditorRequired] public required long Version { get; set; }

    /// <summary>The reasons a correction may name, with their digits.</summary>
    [Parameter, EditorRequired] public required MaskCorrectionReason[] Reasons { get; set; }

    [Parameter] public MaskRle? InitialMask { get; set; }
    [Parameter] public string DefaultReason { get; set; } = "wrong-boundary";

    /// <summary>A Lead deciding an item that did not converge: the correction is their adjudication.</summary>
    [Parameter] public bool Adjudicating { get; set; }

    private MaskEditor? _editor;
    private IJSObjectReference? _module;
    private long _version;
    private string _reason = "";
    private string? _text, _message;
    private Severity _severity = Severity.Info;
    private bool _busy, _typing, _conflict, _recorded;

    protected override void OnInitialized() => (_version, _reason) = (Version, DefaultReason);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        await NotifyAsync(new { type = ReadyMessage }); // the page around gives this frame the keyboard
        await _module!.InvokeVoidAsync("followSize");
    }

    private void KeyDown(KeyboardEventArgs e)
    {
        if (_typing || e.CtrlKey || e.AltKey || e.MetaKey || e.Key.Length != 1 || !char.IsAsciiDigit(e.Key[0])) return;
        if (Reasons.FirstOrDefault(r => r.Key == e.Key[0] - '0') is { } picked) _reason = picked.Name;
    }

    private async Task SendAsync(MaskRle mask)
    {
        if (_busy || _recorded) return;
        if (_reason == "other" && string.IsNullOrWhiteSpace(_text))
        {
            Say("The reason 'other' needs words: say what is wrong in the text box, then send again.", Severity.Warning);
            return;
        }

        _busy = true;
        try
        {
            var result = await Votes.SendAsync(ImageId, Adjudicating, mask, _reason, _text, _version);
            _conflict = result.Outcome == MaskVoteOutcome.Conflict;
            switch (result.Outcome)
            {
                case MaskVoteOutcome.Recorded:
                    (_recorded, _version) = (true, result.Version ?? _version);
                    Say($"Vote recorded (correct, {_reason}); stage {result.Stage}.", Severity.Success);
                    await NotifyAsync(new { type = VotedMessage, imageId = ImageId, version = result.Version, stage = result.Stage });
                    break;
                case MaskVoteOutcome.Conflict:
                    Say("Someone voted on this item meanwhile, so nothing was recorded. Your mask is kept: reload the item's version, look again, and send it (Ctrl+S).", Severity.Warning);
                    break;
                default:
                    Say(result.Detail ?? "The vote was not recorded.", Severity.Error);
                    break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReloadAsync()
    {
        _busy = true;
        try
        {
            if (await Votes.CurrentAsync(ImageId) is not { } now)
            {
                Say("The item is gone or out of your reach now.", Severity.Error);
                return;
            }

            (_version, _conflict) = (now.Version, false);
            Say(now.Stage == "Final"
                ? $"The item is final now (version {now.Version}): a correction is no longer taken."
                : $"The item is at version {now.Version} now (stage {now.Stage}). Your mask is unchanged: send it with Ctrl+S.", Severity.Info);
        }
        finally
        {
            _busy = false;
        }

        if (_editor is not null) await _editor.FocusAsync();
    }

    private async Task CancelAsync()
    {
        if (!await NotifyAsync(new { type = CancelledMessage, imageId = ImageId })) Nav.NavigateTo($"review/image/{ImageId}", forceLoad: true);
    }

    /// <summary>Tells the review page around this frame; false when there is none (the editor was opened on its own).</summary>
    private async Task<bool> NotifyAsync(object message)
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/mask-correction.js");
        return await _module.InvokeAsync<bool>("notifyParent", message);
    }

    private void Say(string message, Severity severity) => (_message, _severity) = (message, severity);

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); }
            catch (JSDisconnectedException) { }
        }

        GC.SuppressFinalize(this);
    }
}
