using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>What a vote or an adjudication says, as sent.</summary>
public sealed record VoteContent(ReviewVerdict Verdict, string? ValueJson, MaskRle? Mask, ReviewReason Reason, string? ReasonText);

/// <summary>
/// Checks what a vote says against the item (pure) and resolves it to what the event records: an accept of an
/// examination records the proposal it accepted; an accept of an image records the proposed mask when it is known.
/// </summary>
public static class VoteContentRules
{
    public const int MaxReasonText = 2000;

    public static (VoteContent? Resolved, ReviewRefusal? Error) Resolve(VoteContent vote, ReviewState state)
    {
        if (Problem(vote, state) is { } problem) return (null, new ReviewRefusal(RefusalKind.Invalid, problem));
        return state.Kind switch
        {
            ReviewItemKind.Examination => vote.Verdict switch
            {
                ReviewVerdict.Accept => (vote with { ValueJson = state.ProposedValueJson }, null),
                ReviewVerdict.Correct => (vote with { ValueJson = ReviewValues.Parse(vote.ValueJson!).Canonical }, null),
                _ => (vote, null),
            },
            // An accept of an image stands for the mask on show: a reader's correction once there is one, else the proposal.
            _ => (vote.Verdict == ReviewVerdict.Accept ? vote with { Mask = state.MaskToConfirm } : vote, null),
        };
    }

    private static string? Problem(VoteContent vote, ReviewState state)
    {
        if (vote.Verdict != ReviewVerdict.Accept && vote.Reason == ReviewReason.Agree)
            return $"A {Name(vote.Verdict)} needs a reason other than agree: one of {string.Join(", ", ReasonNames.All.Skip(1))}.";
        if (vote.Reason == ReviewReason.Other && string.IsNullOrWhiteSpace(vote.ReasonText))
            return "The reason 'other' needs reasonText saying what is wrong.";
        if (vote.ReasonText?.Length > MaxReasonText) return $"reasonText is longer than {MaxReasonText} characters.";
        if (vote.Verdict != ReviewVerdict.Correct && (vote.ValueJson is not null || vote.Mask is not null))
            return $"A {Name(vote.Verdict)} carries no value or mask; send verdict 'correct' with the right one.";

        if (state.Kind == ReviewItemKind.Examination)
        {
            if (vote.Mask is not null) return "An examination vote carries a value, not a maskRle.";
            if (vote.Verdict == ReviewVerdict.Accept && state.ProposedValueJson is null)
                return "Nothing to accept: the machines propose no present/absent label for this examination. Vote 'correct' with a value such as {\"label\":\"present\"}.";
            if (vote.Verdict == ReviewVerdict.Correct)
                return vote.ValueJson is null ? "A correct vote on an examination needs a value such as {\"label\":\"absent\"}." : ReviewValues.Parse(vote.ValueJson).Error;
            return null;
        }

        if (vote.ValueJson is not null) return "An image vote carries a maskRle, not a value.";
        if (vote.Verdict == ReviewVerdict.Correct)
            return vote.Mask is null ? "A correct vote on an image needs maskRle: {\"size\": [height, width], \"counts\": \"...\"}." : ReviewMasks.Problem(vote.Mask, state.Width, state.Height);
        return null;
    }

    private static string Name(ReviewVerdict v) => v.ToString().ToLowerInvariant();
}

/// <summary>The reason taxonomy as the API spells it (kebab case): agree, wrong-label, missed-lesion, ...</summary>
public static class ReasonNames
{
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<ReviewReason>().Select(Of)];

    public static string Of(ReviewReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static bool TryParse(string? text, out ReviewReason reason)
    {
        foreach (var r in Enum.GetValues<ReviewReason>())
        {
            if (string.Equals(Of(r), text, StringComparison.OrdinalIgnoreCase) || string.Equals(r.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                reason = r;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
