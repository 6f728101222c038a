using EndoKED.Pipeline.Features.Demo.Rendering;

namespace EndoKED.Pipeline.Features.Demo.Planning;

/// <summary>One polyp of an examination: the truth that the frames show and the report and pathology text state.</summary>
internal sealed record PlannedPolyp(
    int Id,
    ColonSegment Segment,
    int SizeMm,
    PolypMorphology Morphology,
    RemovalMethod Removal,
    bool Retrieved,
    Histology Histology,
    PolypAppearance Appearance)
{
    public bool Removed => Removal != RemovalMethod.NotRemoved;

    /// <summary>Only a polyp that was removed and retrieved reaches the pathologist.</summary>
    public bool SentToHistology => Removed && Retrieved;
}

internal enum Indication
{
    Screening,
    PositiveFit,
    Surveillance,
    BowelHabit,
    RectalBleeding,
    Anaemia,
}

/// <summary>Everything else a report says that is not a finding of this examination: the distractors live here.</summary>
/// <param name="PriorPolypectomyYear">History of polypectomy (a mention of polyps that must not count), or null.</param>
/// <param name="Diverticula">Segment with diverticula, or null.</param>
/// <param name="LymphoidBiopsy">A random biopsy sent with the polyps, reported as a lymphoid aggregate (class "other").</param>
internal sealed record ExamContext(
    int BostonScore,
    Indication Indication,
    int? PriorPolypectomyYear,
    bool FamilyHistory,
    bool Haemorrhoids,
    ColonSegment? Diverticula,
    bool TerminalIleum,
    bool LymphoidBiopsy);

/// <summary>One examination to write: who, when, what it found, and which polyps each frame shows.</summary>
/// <param name="FramePolyps">One entry per frame: the ids of the polyps in view (empty for a polyp-free frame).</param>
internal sealed record ExaminationPlan(
    CentreProfile Centre,
    int Number,
    string Folder,
    string PatientId,
    DateOnly Date,
    IReadOnlyList<PlannedPolyp> Polyps,
    IReadOnlyList<IReadOnlyList<int>> FramePolyps,
    ExamContext Context,
    ulong Seed)
{
    public bool HasPathology => Polyps.Any(p => p.SentToHistology);

    public IReadOnlyList<string> PathologyClasses =>
        Polyps.Where(p => p.SentToHistology).SelectMany(p => ContractNames.ClassesOf(p.Histology))
            .Concat(HasPathology && Context.LymphoidBiopsy ? ["other"] : Array.Empty<string>())
            .Distinct(StringComparer.Ordinal).ToArray();
}
