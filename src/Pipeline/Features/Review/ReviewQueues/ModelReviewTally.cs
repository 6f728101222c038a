using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>How many masks of one model (its provenance, <c>refiner:version</c>) reached a final label.</summary>
public sealed record ModelReviewTally
{
    /// <summary>The provenance of the masks, as <see cref="MaskProposed.Provenance"/> states it.</summary>
    public string Id { get; init; } = "";
    public int Reviewed { get; init; }
}

/// <summary>
/// Counts final mask labels per model. A final label does not name the model, so the image's queue item (inline, so
/// already written) says whose mask it was. Asynchronous: a few hot documents, one writer.
/// </summary>
public sealed partial class ModelReviewTallyProjection : MultiStreamProjection<ModelReviewTally, string>
{
    public ModelReviewTallyProjection()
    {
        CustomGrouping(GroupByModelAsync);
        Options.BatchSize = 2_000;
    }

    private static async Task GroupByModelAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var finals = events.Where(e => e.Data is ConsensusReached { ItemKind: ReviewItemKind.Image }).ToList();
        if (finals.Count == 0) return;
        var ids = finals.Select(e => e.StreamId).Distinct().ToArray();
        var models = (await session.Query<ReviewQueueItem>().Where(x => x.Id.IsOneOf(ids) && x.ProposedBy != null)
            .Select(x => new ItemModel(x.Id, x.ProposedBy!)).ToListAsync()).ToDictionary(m => m.Id, m => m.Model);
        foreach (var e in finals)
            if (models.TryGetValue(e.StreamId, out var model))
                grouping.AddEvent(model, e);
    }

    public sealed record ItemModel(Guid Id, string Model);

    public static ModelReviewTally Apply(ConsensusReached e, ModelReviewTally tally) =>
        tally with { Reviewed = tally.Reviewed + 1 };
}
