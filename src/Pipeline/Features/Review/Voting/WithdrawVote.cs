using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>Undo: a reader takes back their standing vote shortly after casting it.</summary>
public sealed record WithdrawVote(ReviewItemKind Kind, Guid ItemId, Guid VoteId);

/// <summary>
/// Pure: only the reader's own standing vote, within <see cref="Window"/> of casting it, while the item is still in
/// voting (a vote that settled the item is part of a decision and stays). The vote stays in the history; the withdrawal
/// supersedes it.
/// </summary>
public static class WithdrawDecider
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static ReviewDecision Decide(WithdrawVote command, ReviewState state, AccessScope scope, DateTimeOffset now)
    {
        if (ReviewAccess.MayVote(state, command.Kind, scope) is { } refused) return ReviewDecision.Refused(refused);
        if (state.StandingVoteOf(scope.Actor) is not { } mine || mine.VoteId != command.VoteId)
            return ReviewDecision.Refused(new(RefusalKind.Conflict, "That vote is not your standing vote on this item: only your latest vote can be undone."));
        if (state.Stage != ReviewStage.Voting)
            return ReviewDecision.Refused(new(RefusalKind.Conflict, $"The item is {state.Stage.ToString().ToLowerInvariant()}: your vote is part of the decision and stays. Cast a new vote to change it."));
        if (now - mine.At > Window)
            return ReviewDecision.Refused(new(RefusalKind.Conflict, "Undo is possible for one minute after a vote; cast a new vote instead (it replaces yours)."));
        return new ReviewDecision([new VoteWithdrawn(state.Id, state.Kind, mine.VoteId, state.CentreId, scope.Actor, now)], null);
    }
}

/// <summary>Records an undo, at the version the reader saw when an expected version is given (else 409, nothing written).</summary>
public sealed class WithdrawVoteHandler(IDocumentSession session, TimeProvider clock)
{
    public async Task<ReviewCommandResult> HandleAsync(WithdrawVote command, long? expectedVersion, AccessScope scope, CancellationToken ct = default)
    {
        var stream = await ReviewStreams.FetchAsync(session, command.ItemId, expectedVersion, ct);
        var state = stream.Aggregate ?? new ReviewState();
        state.Version = stream.CurrentVersion ?? 0;
        if (ReviewAccess.CanSee(state, command.Kind, scope) is { } hidden) return ReviewCommandResult.Refused(hidden);
        if (ReviewStreams.Stale(state, expectedVersion) is { } stale) return ReviewCommandResult.Refused(stale);

        var decision = WithdrawDecider.Decide(command, state, scope, clock.GetUtcNow());
        if (decision.Refusal is not null) return ReviewCommandResult.Refused(decision.Refusal);
        stream.AppendMany(decision.Events);
        if (await ReviewStreams.SaveAsync(session, ct) is { } conflict) return ReviewCommandResult.Refused(conflict);
        return new ReviewCommandResult(state.Version + 1, command.VoteId, state.Stage, [nameof(VoteWithdrawn)], null);
    }
}
