using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Examinations.History;
using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Examinations.Thumbnails;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Portal.Infrastructure;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Examinations;

/// <summary>The reading part of shared/contracts/api.md. Anything outside the caller's scope answers 404.</summary>
public static class ExaminationsApi
{
    public static IEndpointRouteBuilder MapExaminationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/centres", async (ListCentres q, CallerScope caller, CancellationToken ct) =>
            Results.Ok(await q.HandleAsync(caller.Current, ct)));

        api.MapGet("/examinations", async (string? centre, string? status, int? page, int? pageSize,
            ListExaminations q, CallerScope caller, CancellationToken ct) =>
        {
            ExaminationStatus? parsed = null;
            if (!string.IsNullOrEmpty(status))
            {
                if (!Enum.TryParse<ExaminationStatus>(status, ignoreCase: true, out var s))
                    return Results.Problem(statusCode: 400, title: "Unknown status",
                        detail: $"status must be one of {string.Join(", ", Enum.GetNames<ExaminationStatus>())}.");
                parsed = s;
            }
            var result = await q.HandleAsync(new ExaminationListQuery(centre, parsed, page ?? 1, pageSize ?? 25), caller.Current, ct);
            return Results.Ok(new { items = result.Items, total = result.Total, page = result.Page, pageSize = result.PageSize });
        });

        api.MapGet("/examinations/{id:guid}", async (Guid id, GetExamination q, CallerScope caller, CancellationToken ct) =>
            await q.HandleAsync(id, caller.Current, ct) is { } d
                ? Results.Ok(new
                {
                    d.Examination.Id, d.Examination.CentreId, d.Examination.SourceKey, d.Examination.PatientId, d.Examination.Date,
                    report = d.Examination.ReportText, pathology = d.Examination.PathologyText, d.Examination.Metadata,
                    d.Examination.Status, d.Examination.Version, imageIds = d.Images.Select(i => i.Id),
                })
                : NotFound());

        api.MapGet("/images/{id:guid}", async (Guid id, GetExamination q, CallerScope caller, CancellationToken ct) =>
            await q.ImageAsync(id, caller.Current, ct) is { } image ? Results.Ok(image) : NotFound());

        api.MapGet("/images/{id:guid}/file", async (Guid id, GetExamination q, IFileStore files, CallerScope caller, CancellationToken ct) =>
        {
            var image = await q.ImageAsync(id, caller.Current, ct);
            var stream = image is null ? null : files.OpenRead(image.Sha256);
            return stream is null ? NotFound() : Results.Stream(stream, ContentType(image!.Format), enableRangeProcessing: true);
        });

        api.MapGet("/images/{id:guid}/thumbnail", async (Guid id, GetExamination q, Thumbnails thumbs, CallerScope caller, HttpContext http, CancellationToken ct) =>
        {
            var image = await q.ImageAsync(id, caller.Current, ct);
            if (image is null) return NotFound();
            http.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.Bytes(await thumbs.GetAsync(image.Sha256, ct), "image/jpeg");
        });

        api.MapGet("/items/{kind}/{id:guid}/history", async (string kind, Guid id, GetItemHistory q, CallerScope caller, CancellationToken ct) =>
            await q.HandleAsync(kind, id, caller.Current, ct) is { } history ? Results.Ok(history) : NotFound());

        return app;
    }

    private static IResult NotFound() =>
        Results.Problem(statusCode: 404, title: "Not found", detail: "No such item, or you do not have access to it. Check the id and your centre grants.");

    private static string ContentType(string format) => format switch
    {
        "jpeg" => "image/jpeg",
        "png" => "image/png",
        "bmp" => "image/bmp",
        "tiff" => "image/tiff",
        _ => "application/octet-stream",
    };
}
