using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// Ledger self-training rounds: admins start one (<c>POST /api/self-training/rounds</c>: 202 with its id and number; 400
/// naming the field at fault; 409 while a round runs; 403 for anyone else) and cancel one
/// (<c>POST /api/self-training/rounds/{id}/cancel</c>: 202; 404 unknown; 409 when it is over or already being cancelled,
/// with its status; 403 for anyone else); Leads and Admins read them, a Lead's view cut to their centres' frames.
/// </summary>
public static class SelfTrainingRoundsApi
{
    public static IEndpointRouteBuilder MapSelfTrainingRoundsApi(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/self-training/rounds").WithCallerScope();
        rounds.MapPost("", async (SelfTrainingRoundRequest request, SelfTrainingRoundCommands commands, Caller caller, CancellationToken ct) =>
        {
            var result = await commands.RequestAsync(request, caller.Scope, ct);
            if (result.Forbidden) return Results.Problem(statusCode: 403, title: "Admins only", detail: result.Refusal!.Problem);
            if (result.Id is { } id) return Results.Accepted($"/api/self-training/rounds/{id}", new { id, round = result.Round });
            var refusal = result.Refusal!;
            return Results.Problem(statusCode: result.Conflict ? 409 : 400,
                title: result.Conflict ? "A self-training round is running" : "The round cannot start", detail: refusal.Problem,
                extensions: new Dictionary<string, object?> { ["field"] = refusal.Field });
        });
        rounds.MapPost("/{id:guid}/cancel", async (Guid id, SelfTrainingRoundCommands commands, Caller caller, CancellationToken ct) =>
        {
            var result = await commands.CancelAsync(id, caller.Scope, ct);
            if (result.Forbidden) return Results.Problem(statusCode: 403, title: "Admins only", detail: result.Refusal!.Problem);
            if (result.NotFound) return DistillingApi.NotFound("self-training round");
            var status = result.Status?.ToString().ToLowerInvariant();
            return result.Refusal is { } refusal
                ? Results.Problem(statusCode: 409, title: "The round cannot be cancelled", detail: refusal.Problem,
                    extensions: new Dictionary<string, object?> { ["status"] = status })
                : Results.Accepted($"/api/self-training/rounds/{id}", new { id, round = result.Round, status, cancelRequested = true });
        });
        rounds.MapGet("", async (int? take, SelfTrainingRoundQueries q, Caller caller, CancellationToken ct) =>
            Results.Ok((await q.LatestAsync(caller.Scope, take ?? 50, ct)).Select(Describe))).ForLeadsAndAdmins();
        rounds.MapGet("/{id:guid}", async (Guid id, int? take, SelfTrainingRoundQueries q, Caller caller, CancellationToken ct) =>
            await q.GetAsync(id, caller.Scope, ct) is { } round
                ? Results.Ok(Describe(round, await q.FramesAsync(id, caller.Scope, take ?? 1000, ct)))
                : DistillingApi.NotFound("self-training round"))
            .ForLeadsAndAdmins();
        return app;
    }

    /// <summary>A round with its status spelled out for scripts; the frames' outcomes (the first <c>take</c>, 1000 by default) only for one round.</summary>
    public static object Describe(SelfTrainingRoundView r) => Describe(r, null);

    private static object Describe(SelfTrainingRoundView r, IReadOnlyList<EndoKED.Shared.Events.SelfTrainingFrameOutcome>? frames) => new
    {
        r.Id, r.Round, r.ModelId, r.ModelVersion, r.OnnxSha256, r.MinQuality, r.Centres, r.RequestedBy, r.RequestedAt,
        status = r.Status.ToString().ToLowerInvariant(), r.Refiner, r.Provenance, r.FramesTotal, r.FramesConsidered, r.NewMasks, r.Kept,
        r.KeptReasons, r.CentreCounts, r.WorkSeconds, r.FailureReason, r.CancelRequestedBy, r.CancelRequestedAt, r.UpdatedAt, r.EndedAt, r.Version,
        Frames = frames,
    };
}
