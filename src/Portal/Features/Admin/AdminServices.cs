using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.Admin;

public static class AdminServices
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) => services;

    /// <summary>Upload a zip of examination folders for a centre (202 with the job), and follow the job.</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingest").DisableAntiforgery().RequireAuthorization(AuthSetup.AdminPolicy).WithCallerScope();
        api.MapPost("/", async (HttpRequest request, string? centre, ArchiveUploads uploads, Caller caller, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(centre))
                return Results.Problem(statusCode: 400, title: "No centre", detail: "Add ?centre=<id> to say which centre the records belong to.");
            try
            {
                var job = await uploads.AcceptAsync(request.Body, "upload.zip", centre, caller.Scope.Actor, ct);
                return Results.Accepted($"/api/ingest/{job.Id}", new { id = job.Id, state = job.State.ToString() });
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
