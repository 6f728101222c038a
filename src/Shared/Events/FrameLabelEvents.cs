using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>A box in pixels of the frame; X1 and Y1 are exclusive.</summary>
public sealed record FrameBox(int X0, int Y0, int X1, int Y1);

/// <summary>A mask as COCO run-length encoding: pycocotools' compressed counts string over size [Height, Width].</summary>
public sealed record MaskRle(int Height, int Width, string Counts);

/// <summary>
/// The MIL head gave a frame its polyp probability.
/// </summary>
/// <param name="ImageId">The stream id.</param>
/// <param name="ExaminationId">The examination the frame belongs to.</param>
/// <param name="CentreId">The examination's centre (queries are scoped without a join).</param>
/// <param name="Model">The model family, e.g. <c>mil-attention-linear-v1</c>.</param>
/// <param name="ModelVersion">The head's content version and the feature extractor it reads, so equal heads share it.</param>
/// <param name="Probability">In [0, 1].</param>
/// <param name="Actor">The machine: the model version.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Image, LiveCentre.OfEvent)]
public sealed record ImageScored(
    Guid ImageId,
    Guid ExaminationId,
    string CentreId,
    string Model,
    string ModelVersion,
    double Probability,
    string Actor,
    DateTimeOffset At) : IHasActor, ICentreEvent;

/// <summary>
/// The class activation map gave a box, or the reason none was kept (the paper's filter: scattered, touching the border,
/// too small, too large; or the frame was below the probability threshold).
/// </summary>
/// <param name="ImageId">The stream id.</param>
/// <param name="ExaminationId">The examination.</param>
/// <param name="CentreId">The centre.</param>
/// <param name="Box">The kept box, or null.</param>
/// <param name="Rejection">Why no box was kept, as a stable code (<c>TouchesBorder</c>, ...), or null when kept.</param>
/// <param name="RejectionReason">The same in words, with the numbers; null when kept.</param>
/// <param name="Rule">The localiser, its CAM views and the box rule's settings, e.g. <c>cam-localiser/v2 views=s32 specks&lt;0.1 cam>=0.5 area 0.01-0.35 components&lt;3 margin 0</c> (<c>cam-box-filter/v1 ...</c> before issue 18).</param>
/// <param name="Actor">The machine: the MIL version whose CAM was read.</param>
/// <param name="At">When.</param>
/// <param name="Seed">When the box was refused for touching the image border: the CAM's own region in the
/// refused box, from which the segment stage may still draw a mask; null otherwise (and in events before it existed).</param>
[Live(LiveKinds.Image, LiveCentre.OfEvent)]
public sealed record ImageLocalised(
    Guid ImageId,
    Guid ExaminationId,
    string CentreId,
    FrameBox? Box,
    string? Rejection,
    string? RejectionReason,
    string Rule,
    string Actor,
    DateTimeOffset At,
    CamSeed? Seed = null) : IHasActor, ICentreEvent;

/// <summary>The CAM's region in a refused box: the refiner's seeds, and the least quality its mask needs to be proposed.</summary>
/// <param name="Box">The refused candidate's box (the refiner's prompt).</param>
/// <param name="Rle">The region (CAM at or above the threshold inside the box), COCO RLE at the frame's size.</param>
/// <param name="MinQuality">The refiner's quality the seeded mask needs to be proposed.</param>
/// <param name="MaxAreaFraction">The largest share of the frame the seeded mask may cover (the box filter's area limit).</param>
public sealed record CamSeed(FrameBox Box, MaskRle Rle, double MinQuality, double MaxAreaFraction = 1);

/// <summary>A refiner proposed the polyp mask inside a box (SAM, or the embedded refiner when no SAM is configured).</summary>
/// <param name="ImageId">The stream id.</param>
/// <param name="ExaminationId">The examination.</param>
/// <param name="CentreId">The centre.</param>
/// <param name="Refiner"><c>sam</c> or <c>embedded</c>.</param>
/// <param name="RefinerVersion">The refiner's version (for SAM, SHA-256 prefixes of its two files).</param>
/// <param name="Provenance"><c>refiner:version</c>, as files and pages show it.</param>
/// <param name="Box">The box prompt the mask was made from.</param>
/// <param name="Rle">The mask, COCO RLE at the frame's size.</param>
/// <param name="Quality">The refiner's own confidence in [0, 1] (SAM: its IoU prediction).</param>
/// <param name="Note">Why the mask is empty or fell back to a simpler shape, when it did.</param>
/// <param name="Actor">The machine: the provenance.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Image, LiveCentre.OfEvent)]
public sealed record MaskProposed(
    Guid ImageId,
    Guid ExaminationId,
    string CentreId,
    string Refiner,
    string RefinerVersion,
    string Provenance,
    FrameBox Box,
    MaskRle Rle,
    double Quality,
    string? Note,
    string Actor,
    DateTimeOffset At) : IHasActor, ICentreEvent;
