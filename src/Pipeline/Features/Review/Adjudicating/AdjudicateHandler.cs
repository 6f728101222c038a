using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Adjudicating;

/// <summary>Records a Lead's adjudication, with the same expected-version rules as a vote.</summary>
public sealed class AdjudicateHandler(IDocumentSession session, ReviewOptions options, TimeProvider clock)
{
    public async Task<ReviewCommandResult> HandleAsync(Adjudicate command, long? expectedVersion, AccessScope scope, CancellationToken ct = default)
    {
        var stream = await ReviewStreams.FetchAsync(session, command.ItemId, expectedVersion, ct);
        var state = stream.Aggregate ?? new ReviewState();
        state.Version = stream.CurrentVersion ?? 0;
        if (ReviewAccess.CanSee(state, command.Kind, scope) is { } hidden) return ReviewCommandResult.Refused(hidden);
        if (ReviewStreams.Stale(state, expectedVersion) is { } stale) return ReviewCommandResult.Refused(stale);

        var decision = AdjudicationDecider.Decide(command, state, scope, options, clock.GetUtcNow());
        if (decision.Refusal is not null) return ReviewCommandResult.Refused(decision.Refusal);
        stream.AppendMany(decision.Events);
        if (await ReviewStreams.SaveAsync(session, ct) is { } conflict) return ReviewCommandResult.Refused(conflict);
        return new ReviewCommandResult(state.Version + decision.Events.Count, null, ReviewStage.Final,
            [.. decision.Events.Select(e => e.GetType().Name)], null);
    }
}
