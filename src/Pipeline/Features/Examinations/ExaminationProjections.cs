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
}

public static class ExaminationsRegistration
{
    public static StoreOptions AddExaminations(this StoreOptions store)
    {
        store.Projections.Add<ExaminationViewProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<ImageViewProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<ExaminationView>()
            .Index(x => x.CentreId)
            .Index(x => x.Status)
            .Index(x => x.IngestedAt);
        store.Schema.For<ImageView>().Index(x => x.ExaminationId).Index(x => x.Sha256);
        return store;
    }
}
