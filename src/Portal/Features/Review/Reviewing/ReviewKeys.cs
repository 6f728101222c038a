using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

public enum ReviewCommand
{
    Accept,
    Reject,
    Correct,
    Reason,
    Submit,
    Skip,
    Next,
    EditMask,
    Cancel,
    Undo,
}

/// <summary>A key a reader pressed, as a review command (and the reason, for the digits).</summary>
public sealed record ReviewKey(ReviewCommand Command, ReviewReason? Reason = null);

/// <summary>The review page's shortcuts (pure), and the list the page shows.</summary>
public static class ReviewKeys
{
    public static IReadOnlyList<(string Keys, string Action)> Legend { get; } =
    [
        ("A", "accept"), ("R", "reject"), ("C", "correct"), ("1–9", "reason"), ("Enter", "send vote"), ("U", "undo my vote (1 min)"),
        ("S", "skip"), ("N", "next item"), ("E", "mask editor"), ("Esc", "cancel"),
    ];

    /// <summary>The command for a key; null for keys that mean nothing here. While typing only Esc counts.</summary>
    public static ReviewKey? Map(string key, bool typing, bool modifier)
    {
        if (key == "Escape") return new(ReviewCommand.Cancel);
        if (typing || modifier) return null;
        if (key.Length == 1 && key[0] is >= '1' and <= '9')
        {
            var index = key[0] - '1';
            var reasons = Enum.GetValues<ReviewReason>();
            return index < reasons.Length ? new(ReviewCommand.Reason, reasons[index]) : null;
        }

        return key.ToLowerInvariant() switch
        {
            "a" => new(ReviewCommand.Accept),
            "r" => new(ReviewCommand.Reject),
            "c" => new(ReviewCommand.Correct),
            "s" => new(ReviewCommand.Skip),
            "n" => new(ReviewCommand.Next),
            "e" => new(ReviewCommand.EditMask),
            "u" => new(ReviewCommand.Undo),
            "enter" => new(ReviewCommand.Submit),
            _ => null,
        };
    }
}
