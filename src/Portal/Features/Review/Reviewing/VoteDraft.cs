using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>The vote a reader is putting together on the page, before it is sent.</summary>
public sealed class VoteDraft
{
    public ReviewVerdict? Verdict { get; set; }
    public ReviewReason? Reason { get; set; }
    public string? Text { get; set; }

    /// <summary>Examinations: the label a correction stands for.</summary>
    public PolypLabel? CorrectedLabel { get; set; }

    public void Clear()
    {
        (Verdict, Reason, Text, CorrectedLabel) = (null, null, null, null);
    }

    /// <summary>Starts a correction; for an examination, flips the label on each press.</summary>
    public void Correct(ReviewItemKind kind, PolypLabel? proposed)
    {
        if (kind == ReviewItemKind.Examination)
        {
            var start = proposed == PolypLabel.Present ? PolypLabel.Absent : PolypLabel.Present;
            CorrectedLabel = Verdict == ReviewVerdict.Correct && CorrectedLabel is { } current
                ? (current == PolypLabel.Present ? PolypLabel.Absent : PolypLabel.Present)
                : start;
        }

        Verdict = ReviewVerdict.Correct;
        Reason ??= kind == ReviewItemKind.Examination ? ReviewReason.WrongLabel : ReviewReason.WrongBoundary;
    }

    /// <summary>The vote to send, or what is missing in words.</summary>
    public (VoteContent? Content, string? Missing) ToContent(ReviewItemKind kind)
    {
        if (Verdict is not { } verdict) return (null, "Choose accept (A), reject (R) or correct (C).");
        var reason = Reason ?? (verdict == ReviewVerdict.Accept ? ReviewReason.Agree : (ReviewReason?)null);
        if (reason is null || (verdict != ReviewVerdict.Accept && reason == ReviewReason.Agree))
            return (null, "Pick a reason with 2–9.");
        if (reason == ReviewReason.Other && string.IsNullOrWhiteSpace(Text)) return (null, "Say what is wrong in the text box.");
        string? value = null;
        if (verdict == ReviewVerdict.Correct)
        {
            // A corrected mask never passes through the page: the editor (E) sends it as the vote itself.
            if (kind == ReviewItemKind.Image) return (null, "Correct the mask in the editor (E): Ctrl+S there sends it as your vote.");
            if (CorrectedLabel is not (PolypLabel.Present or PolypLabel.Absent)) return (null, "Choose the corrected label (C toggles it).");
            value = ReviewValues.LabelValue(CorrectedLabel.Value);
        }

        return (new VoteContent(verdict, value, null, reason.Value, string.IsNullOrWhiteSpace(Text) ? null : Text.Trim()), null);
    }
}
