namespace EndoKED.Shared.Records;

/// <summary>Where an examination stands in the pipeline, as the examination list shows it.</summary>
public enum ExaminationStatus
{
    /// <summary>Report and frames are in the ledger; nothing has read them yet.</summary>
    Ingested,

    /// <summary>At least one extractor has read the report.</summary>
    Extracted,

    /// <summary>Something about it waits for a clinician.</summary>
    InReview,

    /// <summary>Its label reached consensus or was adjudicated.</summary>
    Labelled,
}
