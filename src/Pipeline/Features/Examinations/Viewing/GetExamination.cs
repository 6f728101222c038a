using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Examinations.Viewing;

public sealed record ExaminationDetails(ExaminationView Examination, IReadOnlyList<ImageView> Images);

/// <summary>One examination with its frames, or null when it does not exist or the caller may not see it.</summary>
public sealed class GetExamination(IQuerySession session)
{
    public async Task<ExaminationDetails?> HandleAsync(Guid id, AccessScope scope, CancellationToken ct = default)
    {
        var exam = await session.LoadAsync<ExaminationView>(id, ct);
        if (exam is null || !scope.CanSee(exam.CentreId)) return null;

        var ids = exam.ImageIds.ToArray();
        var images = await session.LoadManyAsync<ImageView>(ct, ids);
        var ordered = images.Where(i => i is not null).OrderBy(i => i.Ordinal).ToList();
        return new ExaminationDetails(exam, ordered);
    }

    public async Task<ImageView?> ImageAsync(Guid imageId, AccessScope scope, CancellationToken ct = default)
    {
        var image = await session.LoadAsync<ImageView>(imageId, ct);
        return image is not null && scope.CanSee(image.CentreId) ? image : null;
    }
}
