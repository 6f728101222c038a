namespace EndoKED.Shared.Records;

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>An examination's polyp label, as a machine proposes it or a review settles it.</summary>
public enum PolypLabel
{
    /// <summary>The text says no polyp was seen in this examination.</summary>
    Absent = 0,

    /// <summary>At least one polyp was seen in this examination.</summary>
    Present = 1,

    /// <summary>The text does not settle it, or the extractors disagree: a clinician decides.</summary>
    Undecided = 2,
}
