using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Portal.Features.Examinations;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Review.Adjudicating;
using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>The effects the transitions ask for: each runs its I/O in a short scope and hands the answer back as a transition.</summary>
public partial class ReviewItemPage
{
    private async Task RunAsync(ReviewEffect effect)
    {
        switch (effect)
        {
            case ReviewEffect.Load load:
                var loaded = await LoadAsync(load.Id);
                // Opened, or looked at again after a vote (the editor's frame, which had the keyboard, is gone): the
                // keyboard goes to the item with the render that shows it, before the claim and the rest.
                if (load.Reason != LoadReason.Live) _focusPending = true;
                await DispatchAsync(s => ReviewPageTransitions.Loaded(s, loaded, load.Reason));
                if (load.Reason == LoadReason.Open && _state.IsLoaded && _state.ItemId == load.Id) await JoinAsync(load.Id);

                break;
            case ReviewEffect.Send send:
                var sent = await SendAsync(send);
                await DispatchAsync(s => ReviewPageTransitions.Sent(s, send.Id, sent));
                break;
            case ReviewEffect.Undo undo:
                var undone = await UndoAsync(undo);
                await DispatchAsync(s => ReviewPageTransitions.Sent(s, undo.Id, undone));
                break;
            case ReviewEffect.Next next:
                await NextAsync(next.Skip);
                break;
            case ReviewEffect.FocusEditor when _editorFrame is not null:
                await _editorFrame.FocusAsync();
                break;
            case ReviewEffect.FocusPage:
                _focusPending = true;
                StateHasChanged();
                break;
            case ReviewEffect.FetchSnapshot fetch:
                LabelSnapshot? snapshot;
                await using (var scope = Scopes.CreateAsyncScope())
                {
                    var caller = await CallerAsync();
                    snapshot = await scope.ServiceProvider.GetRequiredService<GetLabelAt>().HandleAsync(_state.Kind, _state.ItemId, fetch.Entry.Version, null, caller);
                    if (snapshot is not null)
                        await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordViewAsync(caller, "label", _state.ItemId, snapshot.CentreId, RemoteAddress, "review");
                }
                await DispatchAsync(s => ReviewPageTransitions.SnapshotLoaded(s, fetch.Entry, snapshot));
                break;
            case ReviewEffect.FetchDiff diff:
                await using (var scope = Scopes.CreateAsyncScope())
                {
                    var caller = await CallerAsync();
                    var (d, refusal, centre) = await scope.ServiceProvider.GetRequiredService<GetMaskDiff>().HandleAsync(_state.ItemId, diff.From, diff.To, caller);
                    if (d is not null)
                        await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordViewAsync(caller, "mask-diff", _state.ItemId, centre, RemoteAddress, "review");
                    await DispatchAsync(s => ReviewPageTransitions.DiffLoaded(s, diff.From, diff.To, d, refusal));
                }

                break;
        }
    }

    private async Task<LoadedItem> LoadAsync(Guid id)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var caller = await CallerAsync(); // asked per load: a grant revoked while the page is open stops here
        var kind = _state.Kind;
        var item = await sp.GetRequiredService<GetReviewItem>().HandleAsync(kind, id, caller);
        var history = await sp.GetRequiredService<GetItemHistory>().HandleAsync(kind == ReviewItemKind.Image ? "image" : "examination", id, caller) is { } h ? h.Entries : [];
        if (item is null) return new(id, null, null, null, history);
        var examinations = sp.GetRequiredService<GetExamination>();
        // The content (report, frame) does not change under review: fetched once per item.
        var exam = kind == ReviewItemKind.Examination && _state.Exam?.Id != id ? (await examinations.HandleAsync(id, caller))?.Examination : null;
        var image = kind == ReviewItemKind.Image && _state.Image?.Id != id ? await examinations.ImageAsync(id, caller) : null;
        return new(id, item, exam, image, history);
    }

    private async Task<SendOutcome> SendAsync(ReviewEffect.Send send)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var caller = await CallerAsync();
        var result = send.Adjudicate
            ? await scope.ServiceProvider.GetRequiredService<AdjudicateHandler>().HandleAsync(new Adjudicate(_state.Kind, send.Id, send.Content), send.ExpectedVersion, caller)
            : await scope.ServiceProvider.GetRequiredService<CastVoteHandler>().HandleAsync(new CastVote(_state.Kind, send.Id, send.Content), send.ExpectedVersion, caller);
        if (result.Refusal is null) _claimed = null; // a vote ends the claim
        return new SendOutcome(send.Content.Verdict, result.Stage, result.Refusal);
    }

    private async Task<SendOutcome> UndoAsync(ReviewEffect.Undo undo)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WithdrawVoteHandler>()
            .HandleAsync(new WithdrawVote(_state.Kind, undo.Id, undo.VoteId), undo.ExpectedVersion, await CallerAsync());
        return new SendOutcome(null, result.Stage, result.Refusal, Undone: true);
    }

    private async Task ClaimAsync(Guid id)
    {
        if (_state.Item is not { Stage: Pipeline.Features.Review.ReviewStage.Voting, YourVote: null }) return;
        await using var scope = Scopes.CreateAsyncScope();
        var (claim, refusal) = await scope.ServiceProvider.GetRequiredService<ClaimItem>().ClaimAsync(_state.Kind, id, await CallerAsync());
        if (claim is not null) _claimed = id;
        await DispatchAsync(s => ReviewPageTransitions.Claimed(s, id, refusal?.Detail));
    }

    private async Task PositionAsync(Guid id)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var position = await Session.PositionAsync(scope.ServiceProvider.GetRequiredService<GetReviewQueue>(), _state.Kind, QueueOf(_state), id, await CallerAsync());
        await DispatchAsync(s => ReviewPageTransitions.Positioned(s, id, position));
    }

    private static QueueName QueueOf(ReviewPageState s) => s.Adjudicating ? QueueName.Adjudication : QueueName.Votes;

    /// <summary>Opens the next item of the same queue; back to the queue when none is left.</summary>
    private async Task NextAsync(bool skip)
    {
        if (skip) Session.Skip(_state.ItemId);
        await using var scope = Scopes.CreateAsyncScope();
        var next = await Session.NextAsync(scope.ServiceProvider.GetRequiredService<GetReviewQueue>(), _state.Kind, QueueOf(_state), _state.ItemId, await CallerAsync());
        Nav.NavigateTo(next is null ? $"/review?tab={Session.TabOf(_state.Kind, _state.Adjudicating)}" : ReviewSession.PathOf(next.Kind, next.Id));
    }
}
