using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>
/// An examination entered the ledger: its centre, its pseudonymous patient, its report and the frames that came with it.
/// The stream id is derived from the centre and the source key, so re-ingesting the same record finds the same stream.
/// </summary>
/// <param name="ExaminationId">The stream id.</param>
/// <param name="CentreId">The centre the record belongs to; access follows it.</param>
/// <param name="SourceKey">The record's key at the source (folder name or manifest id), unique within the centre.</param>
/// <param name="PatientId">Pseudonymous patient id (never a name); patient-grouped splits rely on it.</param>
/// <param name="Date">The examination date when the source gives one.</param>
/// <param name="ReportText">The report, verbatim (UTF-8).</param>
/// <param name="PathologyText">The pathology text, verbatim, when present.</param>
/// <param name="Metadata">Free metadata from the source (string values).</param>
/// <param name="Actor">Who ingested it: a user name or <c>cli:&lt;os user&gt;</c>.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Examination, LiveCentre.OfEvent)]
public sealed record ExaminationIngested(
    Guid ExaminationId,
    string CentreId,
    string SourceKey,
    string PatientId,
    DateOnly? Date,
    string ReportText,
    string? PathologyText,
    IReadOnlyDictionary<string, string> Metadata,
    string Actor,
    DateTimeOffset At) : IHasActor, ICentreEvent;

/// <summary>Frames were attached to an examination (at ingest, or later when a re-ingest brings new ones).</summary>
/// <param name="ExaminationId">The stream id.</param>
/// <param name="ImageIds">The image streams attached, in the source's order.</param>
/// <param name="Actor">Who attached them.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Examination, LiveCentre.OfExamination)]
public sealed record FramesAttached(Guid ExaminationId, IReadOnlyList<Guid> ImageIds, string Actor, DateTimeOffset At) : IHasActor;
