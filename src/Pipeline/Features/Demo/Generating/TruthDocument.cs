using EndoKED.Pipeline.Features.Demo.Planning;
using EndoKED.Pipeline.Features.Demo.Rendering;

namespace EndoKED.Pipeline.Features.Demo.Generating;

/// <summary>
/// ground-truth/&lt;centre&gt;/&lt;exam&gt;/truth.json. Its findings part has the shape and the definitions of
/// report-findings.schema.json (written in snake_case), so it scores report extractors directly; the frames part
/// says which polyps each frame shows and where.
/// </summary>
internal sealed record TruthDocument(
    string Id,
    string Extractor,
    string Centre,
    string ExamFolder,
    string PatientId,
    string Date,
    bool PolypPresent,
    int PolypCount,
    IReadOnlyList<TruthPolyp> Polyps,
    IReadOnlyList<string> Segments,
    int? LargestSizeMm,
    IReadOnlyList<string> Pathology,
    IReadOnlyList<TruthFrame> Frames)
{
    public const string Version = "demo-truth/1";

    public static TruthDocument From(ExaminationPlan plan, IReadOnlyList<TruthFrame> frames) => new(
        $"{plan.Centre.Name}/{plan.Folder}",
        Version,
        plan.Centre.Name,
        plan.Folder,
        plan.PatientId,
        plan.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        plan.Polyps.Count > 0,
        plan.Polyps.Count,
        plan.Polyps.Select(TruthPolyp.From).ToArray(),
        plan.Polyps.Select(p => ContractNames.Of(p.Segment)).Distinct(StringComparer.Ordinal).ToArray(),
        plan.Polyps.Count > 0 ? plan.Polyps.Max(p => p.SizeMm) : null,
        plan.PathologyClasses,
        frames);
}

/// <param name="Pathology">The classes this polyp's histology adds (empty when it never reached the pathologist).</param>
internal sealed record TruthPolyp(int Id, int Count, string Location, int SizeMm, string Morphology, bool Removed, bool Retrieved, IReadOnlyList<string> Pathology)
{
    public static TruthPolyp From(PlannedPolyp p) => new(
        p.Id, 1, ContractNames.Of(p.Segment), p.SizeMm, ContractNames.Of(p.Morphology), p.Removed, p.Retrieved,
        p.SentToHistology ? ContractNames.ClassesOf(p.Histology).ToArray() : []);
}

/// <param name="Boxes">One per polyp in view: [x0, y0, x1, y1] in pixels, the end exclusive.</param>
internal sealed record TruthFrame(string File, string Mask, IReadOnlyList<int> PolypIds, IReadOnlyList<TruthBox> Boxes);

internal sealed record TruthBox(int PolypId, IReadOnlyList<int> Box)
{
    public static TruthBox From(PolypBox b) => new(b.PolypId, [b.X0, b.Y0, b.X1, b.Y1]);
}

/// <summary>exam.json in the ingest folder: what the hospital export carries besides the texts and frames.</summary>
internal sealed record ExamDocument(string PatientId, string Date, ExamMetadata Metadata);

/// <summary>Free metadata; <see cref="Synthetic"/> marks the record as generated, never a patient's.</summary>
internal sealed record ExamMetadata(string Centre, string Accession, string Indication, int BostonScore, string Endoscopist, bool Synthetic, string Generator, int Seed);
