using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

public class VoteDraftTests
{
    [Fact]
    public void An_accept_needs_nothing_more_and_agrees()
    {
        var (content, missing) = new VoteDraft { Verdict = ReviewVerdict.Accept }.ToContent(ReviewItemKind.Examination);
        Assert.Null(missing);
        Assert.Equal((ReviewVerdict.Accept, ReviewReason.Agree, (string?)null), (content!.Verdict, content.Reason, content.ValueJson));
    }

    [Fact]
    public void A_reject_waits_for_a_reason_other_than_agree()
    {
        var draft = new VoteDraft { Verdict = ReviewVerdict.Reject };
        Assert.NotNull(draft.ToContent(ReviewItemKind.Examination).Missing);
        draft = draft with { Reason = ReviewReason.Agree };
        Assert.NotNull(draft.ToContent(ReviewItemKind.Examination).Missing);
        draft = draft with { Reason = ReviewReason.TextUnclear };
        Assert.Equal(ReviewReason.TextUnclear, draft.ToContent(ReviewItemKind.Examination).Content?.Reason);
    }

    [Fact]
    public void Correcting_an_examination_proposes_the_other_label_and_pressing_again_flips_it()
    {
        var draft = new VoteDraft().Correct(ReviewItemKind.Examination, PolypLabel.Present);
        Assert.Equal("""{"label":"absent"}""", draft.ToContent(ReviewItemKind.Examination).Content?.ValueJson);
        draft = draft.Correct(ReviewItemKind.Examination, PolypLabel.Present);
        Assert.Equal("""{"label":"present"}""", draft.ToContent(ReviewItemKind.Examination).Content?.ValueJson);
        Assert.Equal(ReviewReason.WrongLabel, draft.Reason);
    }

    [Fact]
    public void A_mask_correction_is_never_sent_from_the_page_but_from_the_editor()
    {
        var draft = new VoteDraft { Verdict = ReviewVerdict.Correct, Reason = ReviewReason.WrongBoundary };
        var (content, missing) = draft.ToContent(ReviewItemKind.Image);
        Assert.Null(content);
        Assert.Contains("editor (E)", missing);
    }

    [Fact]
    public void The_reason_other_needs_words()
    {
        var draft = new VoteDraft { Verdict = ReviewVerdict.Reject, Reason = ReviewReason.Other };
        Assert.NotNull(draft.ToContent(ReviewItemKind.Examination).Missing);
        draft = draft with { Text = "  a lipoma, not a polyp " };
        Assert.Equal("a lipoma, not a polyp", draft.ToContent(ReviewItemKind.Examination).Content?.ReasonText);
    }
}
