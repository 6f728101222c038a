using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Review.CrossChecking;

/// <summary>
/// An examination's scored frames, highest polyp probability first (<see cref="ReviewOptions.CrossCheckTopFrames"/> of
/// them), for a reviewer weighing the report against the frames; empty for an examination the caller may not see.
/// </summary>
public sealed class GetTopFrames(IQuerySession session, ReviewOptions options)
{
    public async Task<IReadOnlyList<ImageView>> HandleAsync(Guid examinationId, AccessScope scope, CancellationToken ct = default)
    {
        var frames = await session.Query<ImageView>()
            .Where(i => i.ExaminationId == examinationId && i.Probability != null)
            .OrderByDescending(i => i.Probability).ThenBy(i => i.Ordinal)
            .Take(Math.Max(1, options.CrossCheckTopFrames))
            .ToListAsync(ct);
        return [.. frames.Where(f => scope.CanSee(f.CentreId))];
    }

    /// <summary>Every frame of the examination for the examination review: scored ones highest first, then the rest in order.</summary>
    public async Task<IReadOnlyList<ImageView>> AllAsync(Guid examinationId, AccessScope scope, CancellationToken ct = default)
    {
        var frames = await session.Query<ImageView>().Where(i => i.ExaminationId == examinationId).Take(200).ToListAsync(ct);
        return [.. frames.Where(f => scope.CanSee(f.CentreId))
            .OrderByDescending(f => f.Probability.HasValue).ThenByDescending(f => f.Probability).ThenBy(f => f.Ordinal)];
    }
}
