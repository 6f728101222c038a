using EndoKED.Pipeline.Features.Review.History;
using System.Text.Json;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Examinations.Thumbnails;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Examinations;

/// <summary>The reading part of shared/contracts/api.md. Anything outside the caller's scope answers 404.</summary>
public static class ExaminationsApi
{
    public static IEndpointRouteBuilder MapExaminationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithCallerScope();

        api.MapGet("/centres", async (ListCentres q, Caller caller, CancellationToken ct) =>
            Results.Ok(await q.HandleAsync(caller.Scope, ct)));

        api.MapGet("/examinations", async (string? centre, string? status, int? page, int? pageSize,
            ListExaminations q, Caller caller, CancellationToken ct) =>
        {
            ExaminationStatus? parsed = null;
            if (!string.IsNullOrEmpty(status))
            {
                if (!Enum.TryParse<ExaminationStatus>(status, ignoreCase: true, out var s))
                    return Results.Problem(statusCode: 400, title: "Unknown status",
                        detail: $"status must be one of {string.Join(", ", Enum.GetNames<ExaminationStatus>())}.");
                parsed = s;
            }
            var result = await q.HandleAsync(new ExaminationListQuery(centre, parsed, page ?? 1, pageSize ?? 25), caller.Scope, ct);
            return Results.Ok(new { items = result.Items, total = result.Total, page = result.Page, pageSize = result.PageSize });
        });

        api.MapGet("/examinations/{id:guid}", async (Guid id, GetExamination q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            if (await q.HandleAsync(id, caller.Scope, ct) is not { } d) return NotFound();
            await log.RecordViewAsync(caller.Scope, "examination", id, d.Examination.CentreId, caller.RemoteAddress, "api", ct);
            return Results.Ok(new
            {
                d.Examination.Id, d.Examination.CentreId, d.Examination.SourceKey, d.Examination.PatientId, d.Examination.Date,
                report = d.Examination.ReportText, pathology = d.Examination.PathologyText, d.Examination.Metadata,
                d.Examination.Status, d.Examination.Version, imageIds = d.Images.Select(i => i.Id),
                findings = d.Examination.Findings.Select(f => new
                {
                    f.Extractor, f.ExtractorVersion, f.At, f.Confidence, f.Unverified, f.Failure, f.TextSha256,
                    // The schema's own object (with its evidence spans), not a string inside a string.
                    findings = f.FindingsJson is null ? (JsonElement?)null : JsonDocument.Parse(f.FindingsJson).RootElement.Clone(),
                }),
                label = new
                {
                    proposed = d.Examination.ProposedLabel, confidence = d.Examination.ProposedLabelConfidence,
                    reason = d.Examination.ProposedLabelReason, d.Examination.Disagreements, d.Examination.NeedsReview,
                },
            });
        });

        api.MapGet("/images/{id:guid}", async (Guid id, GetExamination q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            if (await q.ImageAsync(id, caller.Scope, ct) is not { } image) return NotFound();
            await log.RecordViewAsync(caller.Scope, "image", id, image.CentreId, caller.RemoteAddress, "api", ct);
            return Results.Ok(image);
        });

        api.MapGet("/images/{id:guid}/file", async (Guid id, GetExamination q, IFileStore files, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            var image = await q.ImageAsync(id, caller.Scope, ct);
            var stream = image is null ? null : files.OpenRead(image.Sha256);
            if (stream is null) return NotFound();
            await log.RecordViewAsync(caller.Scope, "image-file", id, image!.CentreId, caller.RemoteAddress, "api", ct);
            return Results.Stream(stream, ContentType(image.Format), enableRangeProcessing: true);
        });

        api.MapGet("/images/{id:guid}/mask", async (Guid id, bool? overlay, GetCurrentMask q, AccessLog log, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            if (await q.HandleAsync(id, caller.Scope, ct) is not { } found) return NotFound();
            if (found.Mask is not { } mask)
                return Results.Problem(statusCode: 404, title: "No mask yet",
                    detail: "This frame has no mask proposal or final mask yet: run the score and segment stages, or draw one in the review.");
            await log.RecordViewAsync(caller.Scope, "image-mask", id, found.Image.CentreId, caller.RemoteAddress, "api", ct);
            http.Response.Headers["X-Mask-Origin"] = mask.Origin;
            http.Response.Headers["X-Mask-Provenance"] = mask.Provenance;
            // overlay=true: a see-through RGBA picture for drawing over the frame; otherwise the 0/255 mask itself.
            return Results.Bytes(overlay == true ? GetCurrentMask.OverlayPng(mask.Rle) : GetCurrentMask.Png(mask.Rle), "image/png");
        });

        api.MapGet("/images/{id:guid}/thumbnail", async (Guid id, GetExamination q, Thumbnails thumbs, AccessLog log, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            var image = await q.ImageAsync(id, caller.Scope, ct);
            if (image is null) return NotFound();
            // A gallery asks for every thumbnail at once: the log keeps one entry per frame and minute.
            await log.RecordViewAsync(caller.Scope, "thumbnail", id, image.CentreId, caller.RemoteAddress, "api", ct);
            http.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.Bytes(await thumbs.GetAsync(image.Sha256, ct), "image/jpeg");
        });

        api.MapGet("/items/{kind}/{id:guid}/history", async (string kind, Guid id, GetItemHistory q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            if (await q.HandleAsync(kind, id, caller.Scope, ct) is not { } history) return NotFound();
            await log.RecordViewAsync(caller.Scope, "history", id, history.Centre, caller.RemoteAddress, "api", ct);
            return Results.Ok(history.Entries);
        });

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
