using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Portal.Features.Distilling.SelfTrainingRounds;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.Distilling;

/// <summary>
/// Splits, training runs and the model registry (shared/contracts/api.md). Admins read and act; leads read (runs and
/// models with the test rows of their centres only, frozen splits only) and get 403 on every command; anyone else gets
/// 403 on all of it, as the dashboards' API does.
/// </summary>
public static class DistillingApi
{
    public static IEndpointRouteBuilder MapDistillingApi(this IEndpointRouteBuilder app)
    {
        var splits = app.MapGroup("/api/splits").WithCallerScope();
        splits.MapPost("", async (SplitRequest request, SplitCommands commands, Caller caller, CancellationToken ct) =>
            Done(await commands.RequestDraftAsync(request, caller.Scope, ct), "split", id => $"/api/splits/{id}"));
        splits.MapPost("/{id:guid}/freeze", async (Guid id, SplitCommands commands, Caller caller, CancellationToken ct) =>
            Done(await commands.FreezeAsync(id, caller.Scope, ct), "split", i => $"/api/splits/{i}"));
        splits.MapGet("", async (int? take, SplitQueries q, Caller caller, CancellationToken ct) =>
            Results.Ok(await q.LatestAsync(caller.Scope, take ?? 50, ct))).ForLeadsAndAdmins();
        splits.MapGet("/{id:guid}", async (Guid id, SplitQueries q, Caller caller, CancellationToken ct) =>
            await q.GetAsync(id, caller.Scope, ct) is { } split ? Results.Ok(split) : NotFound("split")).ForLeadsAndAdmins();

        var runs = app.MapGroup("/api/training-runs").WithCallerScope();
        runs.MapPost("", async (TrainingRunRequest request, TrainingRunCommands commands, Caller caller, CancellationToken ct) =>
        {
            var result = await commands.RequestAsync(request, caller.Scope, ct);
            if (result.Forbidden) return Results.Problem(statusCode: 403, title: "Admins only", detail: result.Problem);
            if (result.Id is null) return Results.Problem(statusCode: 400, title: "The run cannot start", detail: result.Problem);
            return Results.Accepted($"/api/training-runs/{result.Id}", new { id = result.Id });
        });
        runs.MapGet("", async (int? take, TrainingRunQueries q, Caller caller, CancellationToken ct) =>
            Results.Ok((await q.LatestAsync(caller.Scope, take ?? 50, ct)).Select(Describe))).ForLeadsAndAdmins();
        runs.MapGet("/{id:guid}", async (Guid id, TrainingRunQueries q, Caller caller, CancellationToken ct) =>
            await q.GetAsync(id, caller.Scope, ct) is { } run ? Results.Ok(Describe(run)) : NotFound("training run")).ForLeadsAndAdmins();
        runs.MapPost("/{id:guid}/cancel", async (Guid id, TrainingRunCommands commands, Caller caller, CancellationToken ct) =>
        {
            var result = await commands.CancelAsync(id, caller.Scope, ct);
            return result.Forbidden ? Results.Problem(statusCode: 403, title: "Admins only", detail: result.Problem)
                : result.NotFound ? NotFound("training run")
                : result.Problem is { } p ? Results.Problem(statusCode: 409, title: "Not possible now", detail: p)
                : Results.Accepted();
        });

        var models = app.MapGroup("/api/models").WithCallerScope();
        models.MapGet("", async (TrainingRunQueries q, Caller caller, CancellationToken ct) =>
            Results.Ok(await q.ModelsAsync(caller.Scope, ct))).ForLeadsAndAdmins();
        models.MapGet("/proposer", async (ModelPromotionCommands commands, Caller caller, CancellationToken ct) =>
            caller.Scope.IsAdmin ? Results.Ok(await commands.ProposerAsync(ct)) : NotFound("mask proposer"));
        models.MapGet("/scorer", async (ModelPromotionCommands commands, Caller caller, CancellationToken ct) =>
            caller.Scope.IsAdmin ? Results.Ok(await commands.ScorerAsync(ct)) : NotFound("frame scorer"));
        models.MapPost("/{id:guid}/promote", async (Guid id, string? role, ModelPromotionCommands commands, Caller caller, CancellationToken ct) =>
            Promoted(await commands.PromoteAsync(id, string.IsNullOrWhiteSpace(role) ? null : role.Trim().ToLowerInvariant(), caller.Scope, ct)));
        app.MapSelfTrainingRoundsApi();
        return app;
    }

    /// <summary>
    /// A promotion's answer: the role taken and the round it opened (students); 200 with a null round when the model already
    /// holds the role; 409 with the decider's words when the model cannot take the role (a biopsy head, the wrong kind).
    /// </summary>
    private static IResult Promoted(PromotionResult result) =>
        result.Forbidden ? Results.Problem(statusCode: 403, title: "Admins only", detail: result.Problem)
        : result.NotFound ? NotFound("model")
        : result.AlreadyCurrent ? Results.Ok(new { role = result.Role, round = (int?)null, detail = result.Problem })
        : result.Problem is not null ? Results.Problem(statusCode: 409, title: "This model cannot take that role", detail: result.Problem)
        : Results.Ok(new { role = result.Role, round = result.Round });

    /// <summary>A run with its status spelled out for scripts.</summary>
    public static object Describe(TrainingRunView run) => new
    {
        run.Id, run.Kind, run.SplitId, run.ManifestSha256, run.Configuration, run.BiopsyConfiguration, run.CodeVersion, run.LedgerPosition, run.RequestedBy, run.RequestedAt,
        status = run.Status.ToString().ToLowerInvariant(), run.Train, run.Validation, run.Test, run.Epochs, run.ModelId, run.ModelVersion,
        run.OnnxSha256, run.OnnxCheckMaxDiff, run.Metrics, run.Threshold, run.BiopsyMetrics, run.FailureReason, run.UpdatedAt, run.EndedAt, run.Version,
        run.MilConfiguration, run.LabelRule, run.Grouping, run.BagManifestSha256, run.LabelCounts, run.MilValidation,
    };

    private static IResult Done(SplitResult result, string what, Func<Guid, string> location) =>
        result.Forbidden ? Results.Problem(statusCode: 403, title: "Admins only", detail: result.Problem)
        : result.NotFound ? NotFound(what)
        : result.Problem is { } p ? Results.Problem(statusCode: result.Id is null ? 400 : 409, title: $"The {what} cannot change", detail: p)
        : Results.Accepted(location(result.Id!.Value), new { id = result.Id });

    internal static IResult NotFound(string what) =>
        Results.Problem(statusCode: 404, title: "Not found", detail: $"No {what} with that id is visible to you: the lists show what you may read (leads: frozen splits only).");

    /// <summary>A read for Leads and Admins (the queries cut what a Lead sees to their centres); anyone else gets 403.</summary>
    internal static RouteHandlerBuilder ForLeadsAndAdmins(this RouteHandlerBuilder route) => route.AddEndpointFilter(async (ctx, next) =>
        (await Caller.BindAsync(ctx.HttpContext))!.Scope.IsLeadOrAdmin ? await next(ctx)
            : Results.Problem(statusCode: 403, title: "Leads and admins only",
                detail: "Splits, training runs and models are read by Leads and Admins: ask an admin for a Lead grant."));
}
