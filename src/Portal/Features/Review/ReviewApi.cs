using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Adjudicating;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Portal.Features.Examinations;
using EndoKED.Portal.Infrastructure.Auth;

namespace EndoKED.Portal.Features.Review;

/// <summary>
/// The review part of shared/contracts/api.md: votes, adjudication, queues, claims, time travel, mask diffs and agreement.
/// An item the caller may not see is 404; one they see but whose action their role does not allow is 403.
/// </summary>
public static class ReviewApi
{
    public sealed record ClaimRequest(string? Kind, Guid Id);

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithCallerScope();

        api.MapPost("/items/{kind}/{id:guid}/votes", async (string kind, Guid id, HttpRequest request, CastVoteHandler handler, Caller caller, CancellationToken ct) =>
        {
            if (!ReviewRequests.TryKind(kind, out var k)) return Refused(ReviewRefusal.NotFound());
            var (content, expected, error) = await ReviewRequests.ReadVoteAsync(request, ct);
            if (error is not null) return Invalid(error);
            return Recorded(kind, id, await handler.HandleAsync(new CastVote(k, id, content!), expected, caller.Scope, ct));
        });

        api.MapPost("/items/{kind}/{id:guid}/adjudication", async (string kind, Guid id, HttpRequest request, AdjudicateHandler handler, Caller caller, CancellationToken ct) =>
        {
            if (!ReviewRequests.TryKind(kind, out var k)) return Refused(ReviewRefusal.NotFound());
            var (content, expected, error) = await ReviewRequests.ReadVoteAsync(request, ct);
            if (error is not null) return Invalid(error);
            return Recorded(kind, id, await handler.HandleAsync(new Adjudicate(k, id, content!), expected, caller.Scope, ct));
        });

        // Every read of an item is a view for the access log (coalesced there per user, item and minute).
        api.MapGet("/items/{kind}/{id:guid}/review", async (string kind, Guid id, GetReviewItem q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            if (!ReviewRequests.TryKind(kind, out var k) || await q.HandleAsync(k, id, caller.Scope, ct) is not { } view) return Refused(ReviewRefusal.NotFound());
            await log.RecordViewAsync(caller.Scope, "review", id, view.CentreId, caller.RemoteAddress, "api", ct);
            return Results.Ok(view);
        });

        api.MapGet("/items/{kind}/{id:guid}/label", async (string kind, Guid id, long? version, DateTimeOffset? at, GetLabelAt q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            if (!ReviewRequests.TryKind(kind, out var k) || await q.HandleAsync(k, id, version, at, caller.Scope, ct) is not { } label) return Refused(ReviewRefusal.NotFound());
            await log.RecordViewAsync(caller.Scope, "label", id, label.CentreId, caller.RemoteAddress, "api", ct);
            return Results.Ok(new { label.Id, label.Kind, label.Version, label.Stage, label.Label, label.ProposedLabel, label.ProposedMask, label.StandingVotes, label.Final });
        });

        api.MapGet("/items/image/{id:guid}/mask-diff", async (Guid id, long from, long to, GetMaskDiff q, AccessLog log, Caller caller, CancellationToken ct) =>
        {
            var (diff, refusal, centre) = await q.HandleAsync(id, from, to, caller.Scope, ct);
            if (diff is null) return Refused(refusal!);
            await log.RecordViewAsync(caller.Scope, "mask-diff", id, centre, caller.RemoteAddress, "api", ct);
            return Results.Ok(diff);
        });

        api.MapGet("/review/queue", async (string? kind, string? centre, string? queue, string? skip, int? page, int? pageSize,
            GetReviewQueue q, Caller caller, CancellationToken ct) =>
        {
            var (k, name, wrong) = ReviewRequests.Queue(kind, queue);
            if (wrong is not null) return Invalid(wrong);
            var skipped = new List<Guid>();
            foreach (var s in (skip ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Guid.TryParse(s, out var g)) return Invalid($"skip must be item ids separated by commas; '{s}' is not one.");
                skipped.Add(g);
            }

            var (result, refusal) = await q.HandleAsync(new ReviewQueueQuery(k, centre, name, skipped, page ?? 1, pageSize ?? 25), caller.Scope, ct);
            return result is null
                ? Refused(refusal!)
                : Results.Ok(new { items = result.Items.Select(Item), total = result.Total, page = result.Page, pageSize = result.PageSize });
        });

        api.MapPost("/review/claims", async (ClaimRequest body, ClaimItem claims, Caller caller, CancellationToken ct) =>
        {
            if (!ReviewRequests.TryKind(body.Kind ?? "", out var k)) return Invalid("kind must be \"examination\" or \"image\".");
            var (claim, refusal) = await claims.ClaimAsync(k, body.Id, caller.Scope, ct);
            return claim is null ? Refused(refusal!) : Results.Ok(new { itemId = claim.Id, claim.Kind, claim.Reader, claim.ClaimedAt, claim.ExpiresAt });
        });

        api.MapDelete("/review/claims/{id:guid}", async (Guid id, ClaimItem claims, Caller caller, CancellationToken ct) =>
            await claims.ReleaseAsync(id, caller.Scope, ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: 404, title: "No claim", detail: "You hold no claim on this item."));

        api.MapGet("/stats/agreement", async (string? centre, GetAgreement q, Caller caller, CancellationToken ct) =>
            Results.Ok(await q.HandleAsync(caller.Scope, centre, ct)));

        return app;
    }

    private static object Item(ReviewQueueItem i) => new
    {
        i.Id, i.Kind, i.CentreId, i.ExaminationId, i.Stage, i.Priority, i.NeedsReview, i.ProposedLabel, i.Confidence,
        i.Disagreements, i.MaskQuality, i.ProposedBy, i.UpdatedAt, i.Version,
        // The voting queue leaves out what the caller voted on, so any count here would be the others' votes: blinded.
        votes = i.Stage == ReviewStage.Adjudication ? i.Voters.Count : (int?)null,
        newModel = i.NewModel,
        crossCheck = i.CrossCheck is { } c
            ? new { direction = c.Direction == CrossCheckDirection.PolypInReportNotInFrames ? "report-polyp-frames-low" : "report-no-polyp-frame-high",
                    c.MaxProbability, c.FramesScored, c.Frames, c.Discrepancy }
            : null,
    };

    private static IResult Recorded(string kind, Guid id, ReviewCommandResult result) => result.Refusal is { } refusal
        ? Refused(refusal)
        : Results.Accepted($"/api/items/{kind}/{id}/history",
            new { version = result.Version, voteId = result.VoteId, stage = result.Stage, events = result.Events });

    private static IResult Invalid(string detail) => Results.Problem(statusCode: 400, title: "Malformed request", detail: detail);

    private static IResult Refused(ReviewRefusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: refusal.Detail),
        RefusalKind.Forbidden => Results.Problem(statusCode: 403, title: "Not allowed", detail: refusal.Detail),
        RefusalKind.Invalid => Invalid(refusal.Detail),
        _ => Results.Problem(statusCode: 409, title: "Conflict", detail: refusal.Detail),
    };
}
