using EndoKED.Shared.Live;
using EndoKED.Shared.Records;

namespace EndoKED.Shared.Events;

/// <summary>
/// One extractor read an examination's report and pathology text. The findings are the JSON of
/// shared/contracts/report-findings.schema.json, evidence spans included, exactly as the extractor produced them.
/// </summary>
/// <param name="ExaminationId">The stream id.</param>
/// <param name="Extractor">Short name: <c>rules</c> or <c>llm</c>.</param>
/// <param name="ExtractorVersion">The rule set or model and prompt version, e.g. <c>rules/1</c> or <c>llm/qwen2.5:7b/prompt-3</c>.</param>
/// <param name="FindingsJson">The findings object (schema shape).</param>
/// <param name="PolypPresent">The presence answer, repeated for queries that should not parse JSON.</param>
/// <param name="Confidence">The extractor's confidence in [0, 1], when it gives one.</param>
/// <param name="Unverified">Fields whose quoted evidence is not in the text (LLM only): not to be trusted.</param>
/// <param name="TextSha256">Hash of the texts that were read, so a re-run on the same text is recognised.</param>
/// <param name="Actor">The machine that said it: the extractor version.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Examination, LiveCentre.OfExamination)]
public sealed record FindingsExtracted(
    Guid ExaminationId,
    string Extractor,
    string ExtractorVersion,
    string FindingsJson,
    bool? PolypPresent,
    double? Confidence,
    IReadOnlyList<string> Unverified,
    string TextSha256,
    string Actor,
    DateTimeOffset At) : IHasActor;

/// <summary>An extractor could not read this examination (for example the model never gave valid JSON); the others still count.</summary>
[Live(LiveKinds.Examination, LiveCentre.OfExamination)]
public sealed record FindingsExtractionFailed(
    Guid ExaminationId,
    string Extractor,
    string ExtractorVersion,
    string Reason,
    string Actor,
    DateTimeOffset At) : IHasActor;

/// <summary>
/// The examination's polyp label as the machines propose it, derived from this round's findings. An undecided label or
/// any disagreement sends the examination to the review queue with <paramref name="Disagreements"/> marked.
/// </summary>
/// <param name="ExaminationId">The stream id.</param>
/// <param name="Label">Present, absent or undecided.</param>
/// <param name="Confidence">How sure the machines are, in [0, 1].</param>
/// <param name="Reason">Why, in words a reviewer reads.</param>
/// <param name="Disagreements">Schema field names on which the extractors differ (empty with one extractor).</param>
/// <param name="Extractors">The extractor versions the label rests on.</param>
/// <param name="NeedsReview">True when a clinician must look: undecided, unverified evidence or a disagreement.</param>
/// <param name="Actor">The machine: the extractor versions joined.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Examination, LiveCentre.OfExamination)]
public sealed record ExaminationLabelProposed(
    Guid ExaminationId,
    PolypLabel Label,
    double Confidence,
    string Reason,
    IReadOnlyList<string> Disagreements,
    IReadOnlyList<string> Extractors,
    bool NeedsReview,
    string Actor,
    DateTimeOffset At) : IHasActor;
