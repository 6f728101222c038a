using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.PipelineRuns.Following;

/// <summary>Pipeline runs for admins: the latest first, or one by id. Others see none (a run spans centres).</summary>
public sealed class PipelineRunQueries(IDocumentStore store)
{
    public async Task<IReadOnlyList<PipelineRunView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return [];
        await using var session = store.QuerySession();
        return await session.Query<PipelineRunView>().OrderByDescending(x => x.RequestedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
    }

    public async Task<PipelineRunView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<PipelineRunView>(id, ct);
    }
}
