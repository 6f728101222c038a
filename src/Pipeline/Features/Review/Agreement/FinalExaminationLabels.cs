using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Agreement;

/// <summary>
/// The latest final decision on each examination that has one, read from the events (consensus or adjudication; its
/// label is null when the readers rejected the machine's label without giving one). Read at once, not from the
/// agreement projection, which the async daemon may not have caught up.
/// </summary>
public static class FinalExaminationLabels
{
    public static async Task<IReadOnlyDictionary<Guid, ConsensusReached>> ReadAsync(IQuerySession session, CancellationToken ct = default) =>
        (await session.Events.QueryRawEventDataOnly<ConsensusReached>().Where(e => e.ItemKind == ReviewItemKind.Examination).ToListAsync(ct))
            .GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.At)!);
}
