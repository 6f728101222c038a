using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Portal.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.Features;

namespace EndoKED.Portal.Features.Admin;

public static class AdminServices
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) => services;

    /// <summary>Upload a zip of examination folders for a centre (202 with the job), and follow the job.</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingest").DisableAntiforgery().RequireAuthorization(AuthSetup.AdminPolicy).WithCallerScope();
        api.MapPost("/", async (HttpContext context, string? centre, ArchiveUploads uploads, IngestLimits limits, Caller caller, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(centre))
                return Results.Problem(statusCode: 400, title: "No centre", detail: "Add ?centre=<id> to say which centre the records belong to.");
            var tooLarge = Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Archive too large",
                detail: $"An archive may be at most {limits.MaxArchiveBytes:N0} bytes (EndoKED:Ingest:MaxArchiveBytes); split it and upload the parts.");
            if (context.Request.ContentLength > limits.MaxArchiveBytes) return tooLarge;
            // The body streams to a file in the store's staging folder, counted against the archive limit there, so the
            // server's default request limit (about 30 MB) is lifted for this endpoint alone; nothing is buffered in memory.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = null;
            try
            {
                var job = await uploads.AcceptAsync(context.Request.Body, "upload.zip", centre, caller.Scope.Actor, ct);
                return Results.Accepted($"/api/ingest/{job.Id}", new { id = job.Id, state = job.State.ToString() });
            }
            catch (UploadTooLargeException)
            {
                return tooLarge;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                return Results.Problem(statusCode: 400, title: "Upload refused", detail: e.Message);
            }
        });
        api.MapGet("/{id:guid}", async (Guid id, ArchiveUploads uploads, CancellationToken ct) =>
            await uploads.GetAsync(id, ct) is { } job ? Results.Ok(job) : Results.Problem(statusCode: 404, detail: "No such ingest job."));
        return app;
    }
}
