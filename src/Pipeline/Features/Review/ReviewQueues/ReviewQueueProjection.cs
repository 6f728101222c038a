using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>Pure fold of examination and image streams into <see cref="ReviewQueueItem"/>.</summary>
public sealed partial class ReviewQueueProjection : SingleStreamProjection<ReviewQueueItem, Guid>
{
    public static ReviewQueueItem Create(ExaminationIngested e) =>
        new ReviewQueueItem { Id = e.ExaminationId, Kind = ReviewItemKind.Examination, CentreId = e.CentreId, UpdatedAt = e.At }.Scored();

    public static ReviewQueueItem Create(ImageIngested e) =>
        new ReviewQueueItem { Id = e.ImageId, Kind = ReviewItemKind.Image, CentreId = e.CentreId, ExaminationId = e.ExaminationId, UpdatedAt = e.At }.Scored();

    public static ReviewQueueItem Apply(ExaminationLabelProposed e, ReviewQueueItem item) => (item with
    {
        Open = true,
        NeedsReview = e.NeedsReview,
        ProposedLabel = e.Label,
        Confidence = e.Confidence,
        Disagreements = e.Disagreements.Count,
        ProposedBy = e.Actor,
        UpdatedAt = e.At,
    }).Scored();

    /// <summary>The hook for the image events' mask proposal (MaskProposed): an image enters the queue with its quality.</summary>
    public static ReviewQueueItem WithMaskProposal(ReviewQueueItem item, double quality, string model, DateTimeOffset at) =>
        (item with { Open = true, MaskQuality = quality, ProposedBy = model, UpdatedAt = at }).Scored();

    public static ReviewQueueItem Apply(MaskProposed e, ReviewQueueItem item) => WithMaskProposal(item, e.Quality, e.Provenance, e.At);

    public static ReviewQueueItem Apply(VoteCast e, ReviewQueueItem item) => (item with
    {
        // Votes on any image stream count, with or without a proposal: a corrected mask opens it too.
        Open = item.Open || e.ItemKind == ReviewItemKind.Image,
        Voters = item.Voters.Contains(e.Reader) ? item.Voters : [.. item.Voters, e.Reader],
        UpdatedAt = e.At,
    }).Scored();

    /// <summary>An undone vote: the item waits for that reader again.</summary>
    public static ReviewQueueItem Apply(VoteWithdrawn e, ReviewQueueItem item) =>
        (item with { Voters = [.. item.Voters.Where(r => r != e.Reader)], UpdatedAt = e.At }).Scored();

    public static ReviewQueueItem Apply(AdjudicationRequested e, ReviewQueueItem item) =>
        item.Stage == ReviewStage.Final ? item : item with { Stage = ReviewStage.Adjudication, UpdatedAt = e.At };

    public static ReviewQueueItem Apply(ConsensusReached e, ReviewQueueItem item) =>
        item with { Stage = ReviewStage.Final, UpdatedAt = e.At };
}
