using System.ComponentModel;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>
/// The JSON the model must give (its JSON Schema is sent as the response format). Every decision carries a verbatim
/// quote; the project finds each quote in the text and turns it into an evidence span.
/// </summary>
public sealed record LlmAnswer(
    [property: Description("true if at least one polyp-type lesion was seen in THIS examination, false if none, null if the text cannot decide")]
    bool? PolypPresent,
    [property: Description("verbatim words from the report that decide polyp_present (the mention or the negation)")]
    string? PresenceQuote,
    [property: Description("number of polyp-type lesions seen; null when not fixed (multiple, several); 0 when none")]
    int? PolypCount,
    IReadOnlyList<LlmPolyp> Polyps,
    IReadOnlyList<LlmPathology> Pathology);

/// <summary>One polyp or group of polyps described together.</summary>
public sealed record LlmPolyp(
    int? Count,
    Segment? Location,
    [property: Description("largest stated size in millimetres; null when no size is stated")]
    double? SizeMm,
    Morphology? Morphology,
    bool? Removed,
    [property: Description("verbatim words from the report that describe this polyp")]
    string Quote);

/// <summary>One histology class named in the pathology text.</summary>
public sealed record LlmPathology(
    PathologyClass Class,
    [property: Description("verbatim words from the pathology text that name this class")]
    string Quote);
