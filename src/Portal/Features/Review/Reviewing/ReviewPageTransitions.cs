using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>What the component must do after a transition (I/O); the result comes back as another transition.</summary>
public abstract record ReviewEffect
{
    public sealed record Load(Guid Id, LoadReason Reason) : ReviewEffect;
    public sealed record Send(Guid Id, VoteContent Content, long ExpectedVersion, bool Adjudicate) : ReviewEffect;
    public sealed record Undo(Guid Id, Guid VoteId, long ExpectedVersion) : ReviewEffect;
    public sealed record Next(bool Skip) : ReviewEffect;
    public sealed record FocusEditor : ReviewEffect;
    public sealed record FocusPage : ReviewEffect;
    public sealed record FetchSnapshot(HistoryEntry Entry) : ReviewEffect;
    public sealed record FetchDiff(long From, long To) : ReviewEffect;
}

/// <summary>A transition's outcome: the new state and at most one effect to run.</summary>
public readonly record struct ReviewStep(ReviewPageState State, ReviewEffect? Effect = null)
{
    public static implicit operator ReviewStep(ReviewPageState state) => new(state);
}

/// <summary>What the server said to a vote or an undo.</summary>
public sealed record SendOutcome(ReviewVerdict? Verdict, ReviewStage? Stage, ReviewRefusal? Refusal, bool Undone = false);

/// <summary>
/// The review item page's transitions (pure: state in, state and effect out; time comes in as a value). Keys act only
/// on a loaded item and never while a vote is on its way; the vote names the item on screen and the version seen.
/// </summary>
public static class ReviewPageTransitions
{
    /// <summary>How long a reader may take their last vote back.</summary>
    public static readonly TimeSpan UndoWindow = WithdrawDecider.Window;

    /// <summary>The page opens an item (first time or the next one): nothing of the previous item stays.</summary>
    public static ReviewStep Open(Guid id, ReviewItemKind kind, bool adjudicator) =>
        new(ReviewPageState.Open(id, kind, adjudicator), new ReviewEffect.Load(id, LoadReason.Open));

    public static ReviewStep Loaded(ReviewPageState s, LoadedItem loaded, LoadReason reason)
    {
        if (loaded.Id != s.ItemId) return s; // a late answer for an item the page has left
        if (loaded.Item is null) return s with { Phase = ReviewPhase.NotFound, Item = null, Sending = false };
        var keepView = s.Snapshot is not null || s.DiffFrom is not null || s.DiffShown;
        var draftOpen = !s.Draft.IsEmpty;
        // The reader decides on what they saw: a live change during a draft keeps the draft and the version it was
        // made on (the send is then refused and the reader looks again); otherwise the screen and the version move on.
        var seen = reason == LoadReason.Live && draftOpen && s.Phase == ReviewPhase.Loaded ? s.SeenVersion : loaded.Item.Version;
        return s with
        {
            Phase = ReviewPhase.Loaded,
            Item = loaded.Item,
            Exam = loaded.Exam ?? s.Exam,
            Image = loaded.Image ?? s.Image,
            History = loaded.History,
            SeenVersion = seen,
            ChangedMeanwhile = seen != loaded.Item.Version,
            Overlay = keepView ? s.Overlay : ReviewPageState.CurrentMask(loaded.Item),
        };
    }

    /// <summary>The ledger changed for this item: reload it (only once it is loaded: a load in flight fetches the latest anyway).</summary>
    public static ReviewStep LiveChanged(ReviewPageState s) =>
        s.Phase == ReviewPhase.Loaded ? new ReviewStep(s, new ReviewEffect.Load(s.ItemId, LoadReason.Live)) : s;

    public static ReviewStep Key(ReviewPageState s, ReviewKey key, DateTimeOffset now)
    {
        if (!s.IsLoaded || s.Sending) return s;
        var item = s.Item!;
        s = s with { Missing = null };
        switch (key.Command)
        {
            case ReviewCommand.Accept:
                return s with { Draft = new VoteDraft { Verdict = ReviewVerdict.Accept, Text = s.Draft.Text }, Recorded = false };
            case ReviewCommand.Reject:
                return s with { Draft = s.Draft with { Verdict = ReviewVerdict.Reject, CorrectedLabel = null }, Recorded = false };
            case ReviewCommand.Correct or ReviewCommand.EditMask when s.Kind == ReviewItemKind.Image:
                // The correction is drawn and sent in the editor island (WebAssembly); the page only opens it.
                return s.Editing ? new ReviewStep(s, new ReviewEffect.FocusEditor()) : s with { Editing = true };
            case ReviewCommand.EditMask:
                return s;
            case ReviewCommand.Correct:
                return s with { Draft = s.Draft.Correct(s.Kind, item.ProposedLabel), Recorded = false };
            case ReviewCommand.Reason:
                return s with { Draft = s.Draft with { Reason = key.Reason } };
            case ReviewCommand.Submit:
                return Submit(s);
            case ReviewCommand.Undo:
                return Undo(s, now);
            case ReviewCommand.Skip:
                return new ReviewStep(s, new ReviewEffect.Next(Skip: true));
            case ReviewCommand.Next:
                return new ReviewStep(s, new ReviewEffect.Next(Skip: false));
            case ReviewCommand.Cancel when s.Editing:
                return new ReviewStep(s with { Editing = false }, new ReviewEffect.FocusPage());
            case ReviewCommand.Cancel:
                return s with
                {
                    Draft = new VoteDraft(), Snapshot = null, DiffFrom = null, DiffShown = false,
                    Overlay = ReviewPageState.CurrentMask(item),
                };
            default:
                return s;
        }
    }

    /// <summary>The reader types the free text of their reason.</summary>
    public static ReviewStep DraftText(ReviewPageState s, string? text) => s.IsLoaded ? s with { Draft = s.Draft with { Text = text } } : s;

    public static ReviewStep Typing(ReviewPageState s, bool typing) => s with { Typing = typing };

    private static ReviewStep Submit(ReviewPageState s)
    {
        var (content, missing) = s.Draft.ToContent(s.Kind);
        if (content is null) return s with { Missing = missing };
        return new ReviewStep(s with { Sending = true, Message = null }, new ReviewEffect.Send(s.ItemId, content, s.SeenVersion, s.Adjudicating));
    }

    private static ReviewStep Undo(ReviewPageState s, DateTimeOffset now)
    {
        if (s.Item?.YourVote is not { } mine) return s with { Missing = "You have no vote on this item to undo." };
        if (now - mine.At > UndoWindow) return s with { Missing = "Undo is possible for one minute after a vote; vote again instead (a new vote replaces yours)." };
        if (s.Item.Stage != ReviewStage.Voting) return s with { Missing = "The item is decided; your vote can no longer be taken back." };
        return new ReviewStep(s with { Sending = true, Message = null }, new ReviewEffect.Undo(s.ItemId, mine.VoteId, s.Item.Version));
    }

    /// <summary>The server answered a vote or an undo: recorded (look at the item again, now unblinded) or refused.</summary>
    public static ReviewStep Sent(ReviewPageState s, Guid id, SendOutcome outcome)
    {
        if (id != s.ItemId) return s;
        s = s with { Sending = false };
        if (outcome.Refusal is { } refusal)
        {
            return refusal.Kind == RefusalKind.Conflict
                ? new ReviewStep(s with { Message = new("This item changed: look again. Your choice is kept; Enter sends it at the version now on screen.", NoticeLevel.Warning) },
                    new ReviewEffect.Load(s.ItemId, LoadReason.Look))
                : s with { Message = new(refusal.Detail, NoticeLevel.Error) };
        }

        var text = outcome.Undone
            ? "Vote withdrawn: the item waits for your vote again."
            : $"Vote recorded ({outcome.Verdict?.ToString().ToLowerInvariant()}); stage {outcome.Stage}. N opens the next item{UndoHint(outcome.Stage)}.";
        return new ReviewStep(s with { Draft = new VoteDraft(), Recorded = !outcome.Undone, Message = new(text, NoticeLevel.Success) },
            new ReviewEffect.Load(s.ItemId, LoadReason.Look));
    }

    private static string UndoHint(ReviewStage? stage) => stage == ReviewStage.Voting ? ", U undoes your vote for a minute" : "";

    /// <summary>The mask editor island recorded the correction as the vote.</summary>
    public static ReviewStep EditorVoted(ReviewPageState s, string? stage) =>
        new ReviewStep(s with
        {
            Editing = false, Recorded = true, Draft = new VoteDraft(),
            Message = new($"Vote recorded (correct); stage {stage}. N opens the next item{UndoHint(Enum.TryParse<ReviewStage>(stage, out var st) ? st : null)}.", NoticeLevel.Success),
        }, new ReviewEffect.Load(s.ItemId, LoadReason.Look));

    public static ReviewStep EditorClosed(ReviewPageState s) => new ReviewStep(s with { Editing = false }, new ReviewEffect.FocusPage());

    /// <summary>Time travel: the reader picked an event of the history.</summary>
    public static ReviewStep TimeTravel(ReviewPageState s, HistoryEntry entry) => s.IsLoaded ? new ReviewStep(s, new ReviewEffect.FetchSnapshot(entry)) : s;

    public static ReviewStep SnapshotLoaded(ReviewPageState s, HistoryEntry entry, LabelSnapshot? snapshot) => s with
    {
        Snapshot = snapshot,
        DiffShown = false,
        Overlay = s.Kind == ReviewItemKind.Image && snapshot is not null
            ? ReviewPageState.Mask(snapshot.Final?.MaskRle ?? snapshot.ProposedMask, $"Mask as of version {entry.Version} ({entry.Type})")
            : s.Overlay,
    };

    /// <summary>The first pick is the older mask, the second the newer.</summary>
    public static ReviewStep DiffPick(ReviewPageState s, HistoryEntry entry) =>
        !s.IsLoaded ? s
        : s.DiffFrom is not { } from || from == entry.Version ? s with { DiffFrom = entry.Version }
        : new ReviewStep(s with { DiffFrom = null }, new ReviewEffect.FetchDiff(from, entry.Version));

    /// <summary>Added pixels green (2), removed red (3); a diff replaces a time-travel snapshot (one past view at a time).</summary>
    public static ReviewStep DiffLoaded(ReviewPageState s, long from, long to, MaskDifference? diff, ReviewRefusal? refusal)
    {
        if (diff is null) return s with { Message = new(refusal?.Detail ?? "No diff.", NoticeLevel.Warning) };
        var added = Shared.Masks.MaskRleCodec.Decode(diff.AddedMask);
        var removed = Shared.Masks.MaskRleCodec.Decode(diff.RemovedMask);
        byte[] overlay = [.. added.Select((a, i) => a != 0 ? (byte)2 : removed[i] != 0 ? (byte)3 : (byte)0)];
        return s with
        {
            DiffShown = true, Snapshot = null,
            Overlay = new(overlay, $"Mask diff v{from} → v{to}: {diff.Added} px added (green), {diff.Removed} removed (red), {diff.Kept} kept"),
        };
    }

    public static ReviewStep Claimed(ReviewPageState s, Guid id, string? problem) => id == s.ItemId ? s with { ClaimProblem = problem } : s;

    public static ReviewStep Positioned(ReviewPageState s, Guid id, QueuePosition? position) => id == s.ItemId ? s with { Position = position } : s;
}
