using EndoKED.Pipeline.Features.Examinations.History;
using EndoKED.Pipeline.Features.Review.Adjudicating;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Portal.Features.Review.CorrectingMasks;
using EndoKED.Shared.Masks;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace EndoKED.Portal.Features.Review.Reviewing;

public partial class ReviewItemPage
{
    private VoteDraft _draft = new();
    private string? _missing, _message, _overlayCaption;
    private Severity _messageSeverity = Severity.Info;
    private bool _busy, _typing, _editing;
    private MaskEditorFrame? _editorFrame;
    private byte[]? _overlay;
    private LabelSnapshot? _snapshot;
    private long? _diffFrom;
    /// <summary>A mask diff is on show: live reloads leave it there until Esc or another pick (as a time-travel snapshot).</summary>
    private bool _diffShown;

    private bool Adjudicating => _item?.Stage == Pipeline.Features.Review.ReviewStage.Adjudication && _caller?.IsLeadOrAdmin == true;

    /// <summary>Keys pressed on the page; while the editor's frame has the focus its keys stay there and never reach this.</summary>
    private async Task KeyDownAsync(KeyboardEventArgs e)
    {
        if (_item is null) return;
        if (ReviewKeys.Map(e.Key, _typing, e.CtrlKey || e.AltKey || e.MetaKey) is { } key) await RunAsync(key);
    }

    private async Task RunAsync(ReviewKey key)
    {
        _missing = null;
        switch (key.Command)
        {
            case ReviewCommand.Accept:
                _draft.Clear();
                _draft.Verdict = ReviewVerdict.Accept;
                await SubmitAsync();
                break;
            case ReviewCommand.Reject:
                _draft.Verdict = ReviewVerdict.Reject;
                _draft.CorrectedLabel = null;
                break;
            case ReviewCommand.Correct or ReviewCommand.EditMask when Kind == ReviewItemKind.Image:
                // The correction is drawn and sent in the editor island (WebAssembly); the page only opens it.
                await OpenEditorAsync();
                break;
            case ReviewCommand.Correct:
                _draft.Correct(Kind, _item?.ProposedLabel);
                break;
            case ReviewCommand.Reason:
                _draft.Reason = key.Reason;
                break;
            case ReviewCommand.Submit:
                await SubmitAsync();
                break;
            case ReviewCommand.Skip:
                Session.Skip(Id);
                await NextAsync(skip: true);
                break;
            case ReviewCommand.Next:
                await NextAsync(skip: false);
                break;
            case ReviewCommand.Cancel when _editing:
                await CloseEditorAsync();
                break;
            case ReviewCommand.Cancel:
                _draft.Clear();
                (_snapshot, _diffFrom, _diffShown) = (null, null, false);
                ShowCurrentMask();
                break;
        }
    }

    private async Task SubmitAsync()
    {
        var (content, missing) = _draft.ToContent(Kind);
        if (content is null)
        {
            _missing = missing;
            return;
        }

        _busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            // A Lead deciding an item that did not converge adjudicates (at the version they looked at); everyone else votes.
            var result = Adjudicating
                ? await scope.ServiceProvider.GetRequiredService<AdjudicateHandler>().HandleAsync(new Adjudicate(Kind, Id, content), _item!.Version, await CallerAsync())
                : await scope.ServiceProvider.GetRequiredService<CastVoteHandler>().HandleAsync(new CastVote(Kind, Id, content), null, await CallerAsync());
            if (result.Refusal is { } refused)
            {
                (_message, _messageSeverity) = (refused.Detail, Severity.Error);
                return;
            }

            (_message, _messageSeverity) = ($"Vote recorded ({content.Verdict.ToString().ToLowerInvariant()}); stage {result.Stage}.", Severity.Success);
            _draft.Clear();
        }
        finally
        {
            _busy = false;
        }

        await NextAsync(skip: false);
    }

    /// <summary>Opens the next item of the same queue; back to the queue when none is left.</summary>
    private async Task NextAsync(bool skip)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queue = Adjudicating ? QueueName.Adjudication : QueueName.Votes;
        var next = await Session.NextAsync(scope.ServiceProvider.GetRequiredService<GetReviewQueue>(), Kind, queue, Id, await CallerAsync());
        Nav.NavigateTo(next is null ? $"/review?tab={Session.TabOf(Kind, Adjudicating)}" : ReviewSession.PathOf(next.Kind, next.Id));
    }

    private async Task OpenEditorAsync()
    {
        if (_editing && _editorFrame is not null) await _editorFrame.FocusAsync(); // back to the open editor
        _editing = true;
    }

    /// <summary>The island sent the correction through the API (the live notification reloads the item too): on to the next.</summary>
    private async Task MaskVotedAsync(string? stage)
    {
        _editing = false;
        (_message, _messageSeverity) = ($"Vote recorded (correct); stage {stage}.", Severity.Success);
        await NextAsync(skip: false);
    }

    private Task CloseEditorAsync()
    {
        _editing = false;
        _focusPending = true;
        return Task.CompletedTask;
    }

    /// <summary>Time travel: the label as it was after the selected event.</summary>
    private async Task TimeTravelAsync(HistoryEntry entry)
    {
        await using var scope = Scopes.CreateAsyncScope();
        _snapshot = await scope.ServiceProvider.GetRequiredService<GetLabelAt>().HandleAsync(Kind, Id, entry.Version, null, await CallerAsync());
        _diffShown = false;
        if (Kind == ReviewItemKind.Image && _snapshot is not null)
            ShowMask(_snapshot.Final?.MaskRle ?? _snapshot.ProposedMask, $"Mask as of version {entry.Version} ({entry.Type})");
    }

    /// <summary>The first pick is the older mask, the second the newer: added pixels green, removed red.</summary>
    private async Task DiffAsync(HistoryEntry entry)
    {
        if (_diffFrom is not { } from || from == entry.Version)
        {
            _diffFrom = entry.Version;
            return;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var (diff, refusal) = await scope.ServiceProvider.GetRequiredService<GetMaskDiff>().HandleAsync(Id, from, entry.Version, await CallerAsync());
        _diffFrom = null;
        if (diff is null)
        {
            (_message, _messageSeverity) = (refusal?.Detail, Severity.Warning);
            return;
        }

        var added = MaskRleCodec.Decode(diff.AddedMask);
        var removed = MaskRleCodec.Decode(diff.RemovedMask);
        _overlay = [.. added.Select((a, i) => a != 0 ? (byte)2 : removed[i] != 0 ? (byte)3 : (byte)0)];
        (_diffShown, _snapshot) = (true, null); // one past view at a time: the diff replaces a time-travel snapshot
        _overlayCaption = $"Mask diff v{from} → v{entry.Version}: {diff.Added} px added (green), {diff.Removed} removed (red), {diff.Kept} kept";
    }
}
