namespace EndoKED.Shared.Records;

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>Where an examination stands in the pipeline, as the examination list shows it.</summary>
public enum ExaminationStatus
{
    /// <summary>Report and frames are in the ledger; nothing has read them yet.</summary>
    Ingested = 0,

    /// <summary>At least one extractor has read the report.</summary>
    Extracted = 1,

    /// <summary>Something about it waits for a clinician.</summary>
    InReview = 2,

    /// <summary>Its label reached consensus or was adjudicated.</summary>
    Labelled = 3,
}
