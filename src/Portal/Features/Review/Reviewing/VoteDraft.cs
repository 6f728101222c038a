using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>The vote a reader is putting together on the page, before it is sent (immutable: part of the page's state).</summary>
public sealed record VoteDraft
{
    public ReviewVerdict? Verdict { get; init; }
    public ReviewReason? Reason { get; init; }
    public string? Text { get; init; }

    /// <summary>Examinations: the label a correction stands for.</summary>
    public PolypLabel? CorrectedLabel { get; init; }

    public bool IsEmpty => Verdict is null && Reason is null && string.IsNullOrEmpty(Text);

    /// <summary>Starts a correction; for an examination, flips the label on each press.</summary>
    public VoteDraft Correct(ReviewItemKind kind, PolypLabel? proposed)
    {
        var corrected = CorrectedLabel;
        if (kind == ReviewItemKind.Examination)
        {
            var start = proposed == PolypLabel.Present ? PolypLabel.Absent : PolypLabel.Present;
            corrected = Verdict == ReviewVerdict.Correct && CorrectedLabel is { } current
                ? (current == PolypLabel.Present ? PolypLabel.Absent : PolypLabel.Present)
                : start;
        }

        return this with
        {
            Verdict = ReviewVerdict.Correct,
            CorrectedLabel = corrected,
            Reason = Reason ?? (kind == ReviewItemKind.Examination ? ReviewReason.WrongLabel : ReviewReason.WrongBoundary),
        };
    }

    /// <summary>The vote to send, or what is missing in words.</summary>
    public (VoteContent? Content, string? Missing) ToContent(ReviewItemKind kind)
    {
        if (Verdict is not { } verdict) return (null, "Choose accept (A), reject (R) or correct (C), then send with Enter.");
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
