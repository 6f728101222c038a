using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

/// <summary>The review page's state and transitions, without a renderer.</summary>
public class ReviewPageTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid ItemA = Guid.NewGuid(), ItemB = Guid.NewGuid();

    private static ReviewItemView View(Guid id, long version, ReviewVote? mine = null, ReviewStage stage = ReviewStage.Voting, params ReviewVote[] others) =>
        new(id, ReviewItemKind.Examination, "centre-a", stage, PolypLabel.Present, null, mine, mine is not null, others,
            mine is not null ? others.Length : null, null, null, version);

    private static LoadedItem Loaded(Guid id, long version, ReviewVote? mine = null, params ReviewVote[] others) =>
        new(id, View(id, version, mine, ReviewStage.Voting, others), new ExaminationView { Id = id, ReportText = $"report {id}" }, null,
            [new HistoryEntry(version, Now, "ExaminationLabelProposed", "rules/1", "{}")]);

    private static ReviewVote Vote(string reader, DateTimeOffset at) =>
        new(Guid.NewGuid(), reader, ReviewVerdict.Accept, null, null, ReviewReason.Agree, null, null, at);

    private static ReviewPageState OpenAndLoad(Guid id, long version)
    {
        var opened = ReviewPageTransitions.Open(id, ReviewItemKind.Examination, adjudicator: false);
        Assert.Equal(new ReviewEffect.Load(id, LoadReason.Open), opened.Effect);
        return ReviewPageTransitions.Loaded(opened.State, Loaded(id, version), LoadReason.Open).State;
    }

    private static ReviewStep Press(ReviewPageState s, ReviewCommand command, ReviewReason? reason = null) =>
        ReviewPageTransitions.Key(s, new ReviewKey(command, reason), Now);

    [Theory]
    [InlineData(ReviewCommand.Accept)]
    [InlineData(ReviewCommand.Reject)]
    [InlineData(ReviewCommand.Correct)]
    [InlineData(ReviewCommand.Submit)]
    [InlineData(ReviewCommand.Next)]
    [InlineData(ReviewCommand.Skip)]
    [InlineData(ReviewCommand.Undo)]
    public void Keys_pressed_before_the_item_is_loaded_are_ignored(ReviewCommand command)
    {
        var loading = ReviewPageTransitions.Open(ItemA, ReviewItemKind.Examination, false).State;
        var step = Press(loading, command);
        Assert.Same(loading, step.State);
        Assert.Null(step.Effect);
    }

    [Fact]
    public void Opening_the_next_item_forgets_the_previous_one_so_its_keys_wait_for_the_new_content()
    {
        var a = Press(OpenAndLoad(ItemA, 3), ReviewCommand.Accept).State;
        var b = ReviewPageTransitions.Open(ItemB, ReviewItemKind.Examination, false).State;
        Assert.Null(b.Item);
        Assert.Null(b.Exam);
        Assert.True(b.Draft.IsEmpty);
        Assert.Null(Press(b, ReviewCommand.Submit).Effect);

        // A late answer for the item the page left never shows on the new one.
        var late = ReviewPageTransitions.Loaded(b, Loaded(ItemA, 4), LoadReason.Live).State;
        Assert.Equal(ReviewPhase.Loading, late.Phase);
        Assert.NotEqual(a.ItemId, late.ItemId);
    }

    [Fact]
    public void A_then_Enter_sends_an_accept_naming_the_item_on_screen_at_the_version_the_reader_saw()
    {
        var s = OpenAndLoad(ItemA, 3);
        var chosen = Press(s, ReviewCommand.Accept);
        Assert.Null(chosen.Effect); // A only chooses
        Assert.Equal(ReviewVerdict.Accept, chosen.State.Draft.Verdict);

        var sent = Press(chosen.State, ReviewCommand.Submit);
        var send = Assert.IsType<ReviewEffect.Send>(sent.Effect);
        Assert.Equal((ItemA, 3L, ReviewVerdict.Accept, false), (send.Id, send.ExpectedVersion, send.Content.Verdict, send.Adjudicate));
        Assert.True(sent.State.Sending);
        Assert.Null(Press(sent.State, ReviewCommand.Submit).Effect); // no second vote while the first is on its way
    }

    [Fact]
    public void Enter_without_a_choice_says_what_is_missing_and_sends_nothing()
    {
        var step = Press(OpenAndLoad(ItemA, 3), ReviewCommand.Submit);
        Assert.Null(step.Effect);
        Assert.Contains("Enter", step.State.Missing);
    }

    [Fact]
    public void A_live_change_during_a_draft_keeps_the_draft_and_the_version_it_was_made_on()
    {
        var s = Press(Press(OpenAndLoad(ItemA, 3), ReviewCommand.Reject).State, ReviewCommand.Reason, ReviewReason.TextUnclear).State;
        var live = ReviewPageTransitions.LiveChanged(s);
        Assert.Equal(new ReviewEffect.Load(ItemA, LoadReason.Live), live.Effect);
        var after = ReviewPageTransitions.Loaded(live.State, Loaded(ItemA, 4), LoadReason.Live).State;

        Assert.Equal((ReviewVerdict.Reject, ReviewReason.TextUnclear), (after.Draft.Verdict!.Value, after.Draft.Reason!.Value));
        Assert.Equal(3, after.SeenVersion);
        Assert.True(after.ChangedMeanwhile);
        Assert.Equal(3, Assert.IsType<ReviewEffect.Send>(Press(after, ReviewCommand.Submit).Effect).ExpectedVersion);
    }

    [Fact]
    public void A_live_change_without_a_draft_moves_the_screen_and_the_version_on()
    {
        var s = OpenAndLoad(ItemA, 3);
        var after = ReviewPageTransitions.Loaded(s, Loaded(ItemA, 5), LoadReason.Live).State;
        Assert.Equal(5, after.SeenVersion);
        Assert.False(after.ChangedMeanwhile);
    }

    [Fact]
    public void A_refused_vote_on_a_changed_item_says_look_again_keeps_the_choice_and_sends_at_the_new_version_next()
    {
        var s = Press(OpenAndLoad(ItemA, 3), ReviewCommand.Accept).State;
        s = Press(s, ReviewCommand.Submit).State;
        var refused = ReviewPageTransitions.Sent(s, ItemA, new SendOutcome(ReviewVerdict.Accept, null, new ReviewRefusal(RefusalKind.Conflict, "moved")));
        Assert.Equal(new ReviewEffect.Load(ItemA, LoadReason.Look), refused.Effect);
        Assert.Contains("this item changed: look again", refused.State.Message!.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReviewVerdict.Accept, refused.State.Draft.Verdict);
        Assert.False(refused.State.Sending);

        var looked = ReviewPageTransitions.Loaded(refused.State, Loaded(ItemA, 4), LoadReason.Look).State;
        Assert.Equal(4, Assert.IsType<ReviewEffect.Send>(Press(looked, ReviewCommand.Submit).Effect).ExpectedVersion);
    }

    [Fact]
    public void After_a_recorded_vote_the_page_stays_says_recorded_and_reloads_to_show_the_others_votes()
    {
        var s = Press(Press(OpenAndLoad(ItemA, 3), ReviewCommand.Accept).State, ReviewCommand.Submit).State;
        var sent = ReviewPageTransitions.Sent(s, ItemA, new SendOutcome(ReviewVerdict.Accept, ReviewStage.Voting, null));
        Assert.Equal(new ReviewEffect.Load(ItemA, LoadReason.Look), sent.Effect); // no navigation: N moves on
        Assert.True(sent.State.Recorded);
        Assert.True(sent.State.Draft.IsEmpty);
        Assert.Contains("Vote recorded (accept)", sent.State.Message!.Text);

        var other = Vote("clinician-b", Now);
        var shown = ReviewPageTransitions.Loaded(sent.State, Loaded(ItemA, 5, Vote("me", Now), other), LoadReason.Look).State;
        Assert.True(shown.Item!.OthersVisible);
        Assert.Equal("clinician-b", Assert.Single(shown.Item.OtherVotes).Reader);
        Assert.Equal(new ReviewEffect.Next(false), Press(shown, ReviewCommand.Next).Effect);
    }

    [Fact]
    public void Undo_takes_back_ones_own_vote_within_a_minute_only()
    {
        var mine = Vote("me", Now.AddSeconds(-30));
        var s = ReviewPageTransitions.Loaded(ReviewPageTransitions.Open(ItemA, ReviewItemKind.Examination, false).State, Loaded(ItemA, 4, mine), LoadReason.Open).State;
        var undo = Assert.IsType<ReviewEffect.Undo>(Press(s, ReviewCommand.Undo).Effect);
        Assert.Equal((ItemA, mine.VoteId, 4L), (undo.Id, undo.VoteId, undo.ExpectedVersion));

        var late = ReviewPageTransitions.Key(s, new ReviewKey(ReviewCommand.Undo), Now.AddSeconds(45));
        Assert.Null(late.Effect);
        Assert.Contains("one minute", late.State.Missing);

        var none = Press(OpenAndLoad(ItemB, 2), ReviewCommand.Undo);
        Assert.Null(none.Effect);
        Assert.Contains("no vote", none.State.Missing);
    }

    [Fact]
    public void A_vote_on_an_item_waiting_for_a_lead_is_an_adjudication_when_the_reader_is_a_lead()
    {
        var opened = ReviewPageTransitions.Open(ItemA, ReviewItemKind.Examination, adjudicator: true).State;
        var loaded = new LoadedItem(ItemA, View(ItemA, 6, null, ReviewStage.Adjudication), new ExaminationView { Id = ItemA }, null, []);
        var s = Press(ReviewPageTransitions.Loaded(opened, loaded, LoadReason.Open).State, ReviewCommand.Reject).State;
        s = Press(s, ReviewCommand.Reason, ReviewReason.TextUnclear).State;
        Assert.True(Assert.IsType<ReviewEffect.Send>(Press(s, ReviewCommand.Submit).Effect).Adjudicate);
    }

    [Fact]
    public void Esc_drops_the_draft_and_closes_the_editor_first_when_it_is_open()
    {
        var s = Press(OpenAndLoad(ItemA, 3), ReviewCommand.Accept).State;
        Assert.True(Press(s, ReviewCommand.Cancel).State.Draft.IsEmpty);

        var image = ReviewPageTransitions.Open(ItemB, ReviewItemKind.Image, false).State;
        var view = View(ItemB, 2) with { Kind = ReviewItemKind.Image };
        image = ReviewPageTransitions.Loaded(image, new LoadedItem(ItemB, view, null, new ImageView { Id = ItemB }, []), LoadReason.Open).State;
        var editing = Press(image, ReviewCommand.EditMask).State;
        Assert.True(editing.Editing);
        Assert.IsType<ReviewEffect.FocusEditor>(Press(editing, ReviewCommand.Correct).Effect);
        var closed = Press(editing, ReviewCommand.Cancel);
        Assert.False(closed.State.Editing);
        Assert.IsType<ReviewEffect.FocusPage>(closed.Effect);
    }

    [Fact]
    public void The_editor_s_vote_keeps_the_page_and_reloads_the_item()
    {
        var image = ReviewPageTransitions.Open(ItemB, ReviewItemKind.Image, false).State;
        var view = View(ItemB, 2) with { Kind = ReviewItemKind.Image };
        image = ReviewPageTransitions.Loaded(image, new LoadedItem(ItemB, view, null, new ImageView { Id = ItemB }, []), LoadReason.Open).State;
        var voted = ReviewPageTransitions.EditorVoted(Press(image, ReviewCommand.EditMask).State, "Voting");
        Assert.False(voted.State.Editing);
        Assert.True(voted.State.Recorded);
        Assert.Equal(new ReviewEffect.Load(ItemB, LoadReason.Look), voted.Effect);
    }
}
