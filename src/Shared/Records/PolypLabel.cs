namespace EndoKED.Shared.Records;

/// <summary>An examination's polyp label, as a machine proposes it or a review settles it.</summary>
public enum PolypLabel
{
    /// <summary>The text says no polyp was seen in this examination.</summary>
    Absent,

    /// <summary>At least one polyp was seen in this examination.</summary>
    Present,

    /// <summary>The text does not settle it, or the extractors disagree: a clinician decides.</summary>
    Undecided,
}
