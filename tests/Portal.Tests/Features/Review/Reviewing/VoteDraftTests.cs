using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Shared.Events;
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
        draft.Reason = ReviewReason.Agree;
        Assert.NotNull(draft.ToContent(ReviewItemKind.Examination).Missing);
        draft.Reason = ReviewReason.TextUnclear;
        Assert.Equal(ReviewReason.TextUnclear, draft.ToContent(ReviewItemKind.Examination).Content?.Reason);
    }

    [Fact]
    public void Correcting_an_examination_proposes_the_other_label_and_pressing_again_flips_it()
    {
        var draft = new VoteDraft();
        draft.Correct(ReviewItemKind.Examination, PolypLabel.Present);
        Assert.Equal("""{"label":"absent"}""", draft.ToContent(ReviewItemKind.Examination).Content?.ValueJson);
        draft.Correct(ReviewItemKind.Examination, PolypLabel.Present);
        Assert.Equal("""{"label":"present"}""", draft.ToContent(ReviewItemKind.Examination).Content?.ValueJson);
        Assert.Equal(ReviewReason.WrongLabel, draft.Reason);
    }

    [Fact]
    public void A_mask_correction_is_sent_only_with_the_edited_mask()
    {
        var draft = new VoteDraft();
        draft.Correct(ReviewItemKind.Image, null);
        Assert.Contains("editor", draft.ToContent(ReviewItemKind.Image).Missing);
        draft.CorrectedMask = new MaskRle(2, 2, "04");
        var content = draft.ToContent(ReviewItemKind.Image).Content!;
        Assert.Equal((ReviewVerdict.Correct, ReviewReason.WrongBoundary), (content.Verdict, content.Reason));
        Assert.Same(draft.CorrectedMask, content.Mask);
    }

    [Fact]
    public void The_reason_other_needs_words()
    {
        var draft = new VoteDraft { Verdict = ReviewVerdict.Reject, Reason = ReviewReason.Other };
        Assert.NotNull(draft.ToContent(ReviewItemKind.Examination).Missing);
        draft.Text = "  a lipoma, not a polyp ";
        Assert.Equal("a lipoma, not a polyp", draft.ToContent(ReviewItemKind.Examination).Content?.ReasonText);
    }
}
