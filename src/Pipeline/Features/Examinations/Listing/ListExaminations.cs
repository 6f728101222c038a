using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Examinations.Listing;

public sealed record ExaminationListQuery(string? Centre = null, ExaminationStatus? Status = null, int Page = 1, int PageSize = 25);

public sealed record ExaminationListItem(
    Guid Id, string CentreId, string PatientId, DateOnly? Date, int FrameCount, ExaminationStatus Status, string ReportExcerpt, DateTimeOffset IngestedAt);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>The examination list: filtered, scoped to the caller's centres and paged in the database.</summary>
public sealed class ListExaminations(IQuerySession session)
{
    public const int MaxPageSize = 200;

    public async Task<Paged<ExaminationListItem>> HandleAsync(ExaminationListQuery query, AccessScope scope, CancellationToken ct = default)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);

        IQueryable<ExaminationView> q = session.Query<ExaminationView>();
        if (scope.Centres is { } allowed)
        {
            var list = allowed.ToArray();
            q = q.Where(x => list.Contains(x.CentreId));
        }
        if (!string.IsNullOrEmpty(query.Centre))
            q = q.Where(x => x.CentreId == query.Centre);
        if (query.Status is { } status)
            q = q.Where(x => x.Status == status);

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.Date).ThenBy(x => x.CentreId).ThenBy(x => x.SourceKey)
            .Skip((page - 1) * size).Take(size)
            .ToListAsync(ct);

        var items = rows.Select(x => new ExaminationListItem(
            x.Id, x.CentreId, x.PatientId, x.Date, x.FrameCount, x.Status, Excerpt(x.ReportText), x.IngestedAt)).ToList();
        return new Paged<ExaminationListItem>(items, total, page, size);
    }

    private static string Excerpt(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 140 ? oneLine : oneLine[..139] + "…";
    }
}
