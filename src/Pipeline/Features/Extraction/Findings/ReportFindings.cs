using System.Text.Json.Serialization;

namespace EndoKED.Pipeline.Features.Extraction.Findings;

/// <summary>Colon segments named by report-findings.schema.json.</summary>
public enum Segment { Caecum, Ascending, HepaticFlexure, Transverse, SplenicFlexure, Descending, Sigmoid, Rectum }

/// <summary>Polyp morphology classes of the schema.</summary>
public enum Morphology { Pedunculated, SemiPedunculated, Sessile, Flat, LaterallySpreading }

/// <summary>Histology classes of the schema, read from the pathology text only.</summary>
public enum PathologyClass { Adenoma, SessileSerrated, Hyperplastic, Carcinoma, Inflammatory, Other }

/// <summary>Which text an evidence span points into.</summary>
public enum SpanSource { Report, Pathology }

/// <summary>A highlighted piece of the report or pathology text: UTF-16 offsets, end exclusive.</summary>
public sealed record EvidenceSpan(SpanSource Source, int Start, int End)
{
    public string TextIn(string? report, string? pathology)
    {
        var text = (Source == SpanSource.Report ? report : pathology) ?? "";
        return Start >= 0 && End <= text.Length && Start <= End ? text[Start..End] : "";
    }
}

/// <summary>One polyp, or one group of polyps described together.</summary>
public sealed record PolypEntry(
    int? Count,
    Segment? Location,
    double? SizeMm,
    Morphology? Morphology,
    bool? Removed,
    IReadOnlyList<EvidenceSpan> Evidence);

/// <summary>
/// What one examination's text says about polyps (shared/contracts/report-findings.schema.json).
/// The optional members after <see cref="Confidence"/> are additional properties the schema allows.
/// </summary>
public sealed record ReportFindings(
    string Id,
    bool? PolypPresent,
    int? PolypCount,
    IReadOnlyList<PolypEntry> Polyps,
    IReadOnlyList<PathologyClass> Pathology,
    IReadOnlyList<EvidenceSpan> Evidence,
    string Extractor,
    double? Confidence)
{
    /// <summary>Spans in the pathology text for each class, so a reviewer sees why a class was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<PathologyClass, IReadOnlyList<EvidenceSpan>>? PathologyEvidence { get; init; }

    /// <summary>LLM fields whose quotes were not found in the text: listed so their values are not trusted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Unverified { get; init; }

    /// <summary>Fields where the rules and the LLM disagree (extractor "both" only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Disagreements { get; init; }

    /// <summary>
    /// Why a field is null although the text mentions it ("negation scope unclear: ..."), or which rule decided it when
    /// its evidence alone does not show it (a total that confirmed or corrected the itemised count). Keyed by schema field.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Reasons { get; init; }

    /// <summary>
    /// The fields left null for a stated reason (<see cref="Reasons"/> on a field the text mentions but the rules could not
    /// decide), with that reason: such an examination goes to review with it, never a guess.
    /// </summary>
    public IReadOnlyList<(string Field, string Reason)> UndecidedFields() =>
        Reasons is null ? [] :
        [.. Reasons.Where(r => r.Key switch
            {
                "polyp_present" => PolypPresent is null,
                "polyp_count" => PolypCount is null,
                _ => false,
            })
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (r.Key, r.Value))];

    /// <summary>The largest size over all entries, or null when none is stated.</summary>
    public double? LargestSizeMm() => Polyps.Select(p => p.SizeMm).Where(s => s is not null).Max();

    /// <summary>The distinct segments named by the entries.</summary>
    public IReadOnlySet<Segment> Segments() =>
        Polyps.Where(p => p.Location is not null).Select(p => p.Location!.Value).ToHashSet();
}

/// <summary>One examination's text handed to an extractor.</summary>
public sealed record ReportInput(string? Id, string Report, string? Pathology);
