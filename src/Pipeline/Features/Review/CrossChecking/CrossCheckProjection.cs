using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Review.CrossChecking;

/// <summary>
/// Folds an examination's stream and its frames' streams into one <see cref="CrossCheckItem"/>, keyed by the
/// examination. Runs asynchronously: frames are scored in other transactions than the votes on the examination, and
/// the daemon as single writer never loses one of them; the queue may lag the ledger by a moment.
/// </summary>
public sealed partial class CrossCheckProjection : MultiStreamProjection<CrossCheckItem, Guid>
{
    public CrossCheckProjection()
    {
        Identity<ExaminationIngested>(e => e.ExaminationId);
        Identity<ImageIngested>(e => e.ExaminationId);
        Identity<ImageScored>(e => e.ExaminationId);
        Identity<ExaminationLabelProposed>(e => e.ExaminationId);
        Identities<VoteCast>(e => OfExamination(e.ItemKind, e.ItemId));
        Identities<VoteWithdrawn>(e => OfExamination(e.ItemKind, e.ItemId));
        Identities<AdjudicationRequested>(e => OfExamination(e.ItemKind, e.ItemId));
        Identities<ConsensusReached>(e => OfExamination(e.ItemKind, e.ItemId));
        Options.BatchSize = 2_000;
    }

    // Image votes and final masks belong to the mask queue, not to the examination's cross-check.
    private static IReadOnlyList<Guid> OfExamination(ReviewItemKind kind, Guid id) => kind == ReviewItemKind.Examination ? [id] : [];

    public static CrossCheckItem Apply(ExaminationIngested e, CrossCheckItem item) =>
        item with { Id = e.ExaminationId, CentreId = e.CentreId, UpdatedAt = Later(item.UpdatedAt, e.At) };

    public static CrossCheckItem Apply(ImageIngested e, CrossCheckItem item) => CrossCheckRule.Summarised(item with
    {
        Id = e.ExaminationId,
        CentreId = e.CentreId,
        Frames = item.Frames + 1,
        UpdatedAt = Later(item.UpdatedAt, e.At),
    });

    public static CrossCheckItem Apply(ImageScored e, CrossCheckItem item) =>
        CrossCheckRule.WithScore(item with { Id = e.ExaminationId, CentreId = e.CentreId, UpdatedAt = Later(item.UpdatedAt, e.At) }, e.ImageId, e.Probability);

    public static CrossCheckItem Apply(ExaminationLabelProposed e, CrossCheckItem item) => item.Stage == ReviewStage.Final
        ? item
        : CrossCheckRule.Summarised(item with { Id = e.ExaminationId, Label = e.Label, UpdatedAt = Later(item.UpdatedAt, e.At) });

    public static CrossCheckItem Apply(VoteCast e, CrossCheckItem item) => item with
    {
        Voters = item.Voters.Contains(e.Reader) ? item.Voters : [.. item.Voters, e.Reader],
        UpdatedAt = Later(item.UpdatedAt, e.At),
    };

    public static CrossCheckItem Apply(VoteWithdrawn e, CrossCheckItem item) => item with
    {
        Voters = [.. item.Voters.Where(r => r != e.Reader)],
        UpdatedAt = Later(item.UpdatedAt, e.At),
    };

    public static CrossCheckItem Apply(AdjudicationRequested e, CrossCheckItem item) =>
        item.Stage == ReviewStage.Final ? item : item with { Stage = ReviewStage.Adjudication, UpdatedAt = Later(item.UpdatedAt, e.At) };

    public static CrossCheckItem Apply(ConsensusReached e, CrossCheckItem item) => CrossCheckRule.Summarised(item with
    {
        Stage = ReviewStage.Final,
        Label = e.Label ?? item.Label,
        UpdatedAt = Later(item.UpdatedAt, e.At),
    });

    // Frames and the report arrive in different streams, so events of one item need not come in time order.
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
