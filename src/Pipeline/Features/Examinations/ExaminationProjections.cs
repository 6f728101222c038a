using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Examinations;

/// <summary>Pure fold of an Examination stream into <see cref="ExaminationView"/>.</summary>
public sealed partial class ExaminationViewProjection : SingleStreamProjection<ExaminationView, Guid>
{
    public static ExaminationView Create(ExaminationIngested e) => new()
    {
        Id = e.ExaminationId,
        CentreId = e.CentreId,
        SourceKey = e.SourceKey,
        PatientId = e.PatientId,
        Date = e.Date,
        ReportText = e.ReportText,
        PathologyText = e.PathologyText,
        Metadata = e.Metadata,
        Status = ExaminationStatus.Ingested,
        IngestedAt = e.At,
        IngestedBy = e.Actor,
        UpdatedAt = e.At,
    };

    public static ExaminationView Apply(FramesAttached e, ExaminationView view) => view with
    {
        ImageIds = [.. view.ImageIds, .. e.ImageIds],
        FrameCount = view.FrameCount + e.ImageIds.Count,
        UpdatedAt = e.At,
    };

    public static ExaminationView Apply(FindingsExtracted e, ExaminationView view) => view with
    {
        Findings = Replace(view.Findings, new ExtractedFindings(
            e.Extractor, e.ExtractorVersion, e.FindingsJson, e.PolypPresent, e.Confidence, e.Unverified, e.TextSha256, null, e.At)),
        Status = Later(view.Status, ExaminationStatus.Extracted),
        UpdatedAt = e.At,
    };

    public static ExaminationView Apply(FindingsExtractionFailed e, ExaminationView view) => view with
    {
        Findings = Replace(view.Findings, new ExtractedFindings(e.Extractor, e.ExtractorVersion, null, null, null, [], "", e.Reason, e.At)),
        UpdatedAt = e.At,
    };

    public static ExaminationView Apply(ExaminationLabelProposed e, ExaminationView view) => view with
    {
        ProposedLabel = e.Label,
        ProposedLabelConfidence = e.Confidence,
        ProposedLabelReason = e.Reason,
        Disagreements = e.Disagreements,
        NeedsReview = e.NeedsReview,
        Status = view.Status == ExaminationStatus.Labelled ? view.Status : e.NeedsReview ? ExaminationStatus.InReview : ExaminationStatus.Extracted,
        UpdatedAt = e.At,
    };

    private static IReadOnlyList<ExtractedFindings> Replace(IReadOnlyList<ExtractedFindings> all, ExtractedFindings latest) =>
        [.. all.Where(f => f.Extractor != latest.Extractor), latest];

    private static ExaminationStatus Later(ExaminationStatus a, ExaminationStatus b) => a > b ? a : b;
}

/// <summary>Pure fold of an Image stream into <see cref="ImageView"/>.</summary>
public sealed partial class ImageViewProjection : SingleStreamProjection<ImageView, Guid>
{
    public static ImageView Create(ImageIngested e) => new()
    {
        Id = e.ImageId,
        ExaminationId = e.ExaminationId,
        CentreId = e.CentreId,
        Sha256 = e.Sha256,
        SizeBytes = e.SizeBytes,
        Width = e.Width,
        Height = e.Height,
        Format = e.Format,
        OriginalName = e.OriginalName,
        Ordinal = e.Ordinal,
        IngestedAt = e.At,
    };

    public static ImageView Apply(ImageScored e, ImageView view) => view with
    {
        Scores = [.. view.Scores.Where(s => s.ModelVersion != e.ModelVersion), new ImageScore(e.Model, e.ModelVersion, e.Probability, e.At)],
        Probability = e.Probability,
    };

    public static ImageView Apply(ImageLocalised e, ImageView view) => view with
    {
        Localisation = new ImageLocalisation(e.Box, e.Rejection, e.RejectionReason, e.Rule, e.Actor, e.At, e.Seed),
    };

    public static ImageView Apply(MaskProposed e, ImageView view) => view with
    {
        Masks = [.. view.Masks.Where(m => m.Provenance != e.Provenance || m.Box != e.Box),
            new ImageMaskProposal(e.Refiner, e.RefinerVersion, e.Provenance, e.Box, e.Rle, e.Quality, e.Note, e.At)],
    };
}
