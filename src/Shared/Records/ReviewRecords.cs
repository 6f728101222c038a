using EndoKED.Shared.Events;
namespace EndoKED.Shared.Records;

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>What a review item is: an examination's label or an image's mask. The API spells them <c>examination</c> and <c>image</c>.</summary>
public enum ReviewItemKind
{
    /// <summary>An examination stream: its polyp label (and corrected findings fields).</summary>
    Examination = 0,

    /// <summary>An image stream: its mask.</summary>
    Image = 1,
}

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>A reader's answer to a proposal.</summary>
public enum ReviewVerdict
{
    /// <summary>The proposal is right as it stands.</summary>
    Accept = 0,

    /// <summary>The proposal is wrong and the reader gives no replacement (the item should not be used as it is).</summary>
    Reject = 1,

    /// <summary>The proposal is wrong; the vote carries the right value or mask.</summary>
    Correct = 2,
}

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>The short reason taxonomy every vote and adjudication names (free text may follow).</summary>
public enum ReviewReason
{
    /// <summary>Nothing to object to (the usual reason of an accept).</summary>
    Agree = 0,

    /// <summary>The label (present or absent) is wrong.</summary>
    WrongLabel = 1,

    /// <summary>A lesion was missed (in the text or in the frame).</summary>
    MissedLesion = 2,

    /// <summary>What was labelled is not a lesion (fold, stool, bubble, highlight, a distractor in the text).</summary>
    NotALesion = 3,

    /// <summary>The mask covers the right lesion with the wrong outline.</summary>
    WrongBoundary = 4,

    /// <summary>The mask or box is on the wrong object.</summary>
    WrongObject = 5,

    /// <summary>The frame cannot be judged (blur, darkness, bubbles, instrument).</summary>
    PoorImage = 6,

    /// <summary>The report or pathology text cannot settle it.</summary>
    TextUnclear = 7,

    /// <summary>Something else: the free text says what.</summary>
    Other = 8,
}

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>How a final label was reached.</summary>
public enum ConsensusMethod
{
    /// <summary>Enough readers agreed under the project's consensus policy.</summary>
    Consensus = 0,

    /// <summary>The readers did not converge and a Lead decided.</summary>
    Adjudication = 1,
}


/// <summary>A standing vote that the final label did not follow: kept with the label, never deleted.</summary>
public sealed record DissentingVote(Guid VoteId, string Reader, ReviewVerdict Verdict, ReviewReason Reason, string? ReasonText);
