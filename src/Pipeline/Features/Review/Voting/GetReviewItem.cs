using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>An item as the caller may see it under blinding; null when they may not see it at all.</summary>
public sealed class GetReviewItem(IQuerySession session)
{
    public async Task<ReviewItemView?> HandleAsync(ReviewItemKind kind, Guid id, AccessScope scope, CancellationToken ct = default)
    {
        var state = await session.Events.AggregateStreamAsync<ReviewState>(id, token: ct);
        return state is null || ReviewAccess.CanSee(state, kind, scope) is not null ? null : Blinding.Show(state, scope);
    }
}
