using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.PipelineRuns;

/// <summary>The pipeline-run part of shared/contracts/api.md. Admins only: anyone else gets 403 on start, 404 on reads.</summary>
public static class PipelineRunsApi
{
    public static IEndpointRouteBuilder MapPipelineRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pipeline-runs").WithCallerScope();

        api.MapPost("", async (PipelineRunRequest request, PipelineRunCommands commands, Caller caller, CancellationToken ct) =>
        {
            var (id, problem, forbidden) = await commands.StartAsync(request, caller.Scope, ct);
            if (forbidden) return Results.Problem(statusCode: 403, title: "Admins only", detail: problem);
            if (id is null) return Results.Problem(statusCode: 400, title: "The run cannot start", detail: problem);
            return Results.Accepted($"/api/pipeline-runs/{id}", new { id });
        });

        api.MapGet("", async (int? take, PipelineRunQueries q, Caller caller, CancellationToken ct) =>
            Results.Ok(await q.LatestAsync(caller.Scope, take ?? 50, ct)));

        api.MapGet("/{id:guid}", async (Guid id, PipelineRunQueries q, Caller caller, CancellationToken ct) =>
            await q.GetAsync(id, caller.Scope, ct) is { } run ? Results.Ok(Describe(run)) : NotFound());

        api.MapPost("/{id:guid}/cancel", async (Guid id, PipelineRunCommands commands, Caller caller, CancellationToken ct) =>
            Control(await commands.CancelAsync(id, caller.Scope, ct)));

        api.MapPost("/{id:guid}/resume", async (Guid id, PipelineRunCommands commands, Caller caller, CancellationToken ct) =>
            Control(await commands.ResumeAsync(id, caller.Scope, ct)));
        return app;
    }

    /// <summary>The run with each stage's derived figures (rate, ETA, fraction) spelled out for scripts.</summary>
    public static object Describe(PipelineRunView run) => new
    {
        run.Id, run.Centres, run.Stages, run.Extractor, run.Proposer, run.FrameScorer, run.Force, run.RequestedBy, run.RequestedAt, status = run.Status.ToString(),
        run.CurrentStage, run.UpdatedAt, run.EndedAt, run.FailureReason, run.Version,
        progress = run.Progress.Select(p => new
        {
            p.Stage, p.Total, p.Position, p.Done, p.Failed, p.Completed, p.Seconds, itemsPerSecond = p.ItemsPerSecond,
            fraction = p.Fraction, etaSeconds = p.Eta?.TotalSeconds, p.RecentFailures, p.StartedAt, p.EndedAt,
        }),
    };

    private static IResult Control(Pipeline.Features.PipelineRuns.Controlling.ControlResult result) =>
        !result.Found ? NotFound()
        : result.Problem is { } p ? Results.Problem(statusCode: 409, title: "Not possible now", detail: p)
        : Results.Accepted();

    private static IResult NotFound() =>
        Results.Problem(statusCode: 404, title: "Not found", detail: "No pipeline run with that id is visible to you (runs are for admins).");
}
