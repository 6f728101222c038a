using EndoKED.Shared.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>
/// Live aggregation of <see cref="ReviewState"/> (never stored): what FetchForWriting hands the deciders and what time
/// travel folds up to a version or a moment. Each method routes to the state's own pure fold.
/// </summary>
public sealed partial class ReviewStateProjection : SingleStreamProjection<ReviewState, Guid>
{
    public static ReviewState Create(ExaminationIngested e) => ReviewState.Create(e);

    public static ReviewState Create(ImageIngested e) => ReviewState.Create(e);

    public static ReviewState Apply(ExaminationLabelProposed e, ReviewState s) => s.Apply(e);

    public static ReviewState Apply(IEvent<VoteCast> e, ReviewState s) => s.Apply(e.Data, e.Version);

    public static ReviewState Apply(VoteWithdrawn e, ReviewState s) => s.Apply(e);

    public static ReviewState Apply(MaskProposed e, ReviewState s) => s.WithMaskProposal(e.Rle);

    public static ReviewState Apply(AdjudicationRequested e, ReviewState s) => s.Apply(e);

    public static ReviewState Apply(ConsensusReached e, ReviewState s) => s.Apply(e);
}
