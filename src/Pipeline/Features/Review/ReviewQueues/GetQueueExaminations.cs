using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>What a queue row says about an item's examination: its id, date, patient pseudonym and frame count.</summary>
public sealed record QueueExamination(Guid Id, string SourceKey, DateOnly? Date, string PatientId, int FrameCount);

/// <summary>The examinations of a page of queue items (an examination, or the one an image belongs to), in one query.</summary>
public sealed class GetQueueExaminations(IQuerySession session)
{
    public async Task<IReadOnlyDictionary<Guid, QueueExamination>> HandleAsync(IEnumerable<ReviewQueueItem> items, AccessScope scope, CancellationToken ct = default)
    {
        var ids = items.Select(i => i.ExaminationId ?? i.Id).Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<Guid, QueueExamination>();
        var exams = await session.LoadManyAsync<ExaminationView>(ct, ids);
        return exams.Where(e => scope.CanSee(e.CentreId))
            .ToDictionary(e => e.Id, e => new QueueExamination(e.Id, e.SourceKey, e.Date, e.PatientId, e.FrameCount));
    }
}
