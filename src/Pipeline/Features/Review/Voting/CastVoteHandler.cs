using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>What a recorded command did: the stream's new version and the events appended.</summary>
public sealed record ReviewCommandResult(long Version, Guid? VoteId, ReviewStage Stage, IReadOnlyList<string> Events, ReviewRefusal? Refusal)
{
    public static ReviewCommandResult Refused(ReviewRefusal refusal) => new(0, null, ReviewStage.Voting, [], refusal);
}

/// <summary>
/// Records a vote. With an expected version the item must still be at that version, else 409 and nothing is written
/// (checked on fetch and again by Marten's optimistic check when appending). Without one the vote is recorded whatever
/// happened meanwhile: the stream row is locked while the decider runs, so concurrent votes queue up instead of
/// failing, and each one sees the votes before it (no consensus is reached twice).
/// </summary>
public sealed class CastVoteHandler(IDocumentSession session, ReviewOptions options, TimeProvider clock)
{
    public async Task<ReviewCommandResult> HandleAsync(CastVote command, long? expectedVersion, AccessScope scope, CancellationToken ct = default)
    {
        var stream = await ReviewStreams.FetchAsync(session, command.ItemId, expectedVersion, ct);
        var state = stream.Aggregate ?? new ReviewState();
        state.Version = stream.CurrentVersion ?? 0;
        if (ReviewAccess.CanSee(state, command.Kind, scope) is { } hidden) return ReviewCommandResult.Refused(hidden);
        if (ReviewStreams.Stale(state, expectedVersion) is { } stale) return ReviewCommandResult.Refused(stale);

        var voteId = Guid.CreateVersion7(clock.GetUtcNow());
        var decision = VoteDecider.Decide(command, state, scope, options, voteId, clock.GetUtcNow());
        if (decision.Refusal is not null) return ReviewCommandResult.Refused(decision.Refusal);

        stream.AppendMany(decision.Events);
        // A vote ends the reader's claim on the item.
        session.DeleteWhere<ReviewClaim>(c => c.Id == command.ItemId && c.Reader == scope.Actor);
        if (await ReviewStreams.SaveAsync(session, ct) is { } conflict) return ReviewCommandResult.Refused(conflict);

        var after = ReviewState.Fold(decision.Events, state);
        return new ReviewCommandResult(state.Version + decision.Events.Count, voteId, after.Stage,
            [.. decision.Events.Select(e => e.GetType().Name)], null);
    }
}
