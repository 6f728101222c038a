using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;

/// <summary>Training runs and the model registry, for admins only (they span centres).</summary>
public sealed class TrainingRunQueries(IDocumentStore store)
{
    public async Task<IReadOnlyList<TrainingRunView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return [];
        await using var session = store.QuerySession();
        return await session.Query<TrainingRunView>().OrderByDescending(x => x.RequestedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
    }

    public async Task<TrainingRunView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<TrainingRunView>(id, ct);
    }

    public async Task<IReadOnlyList<ModelView>> ModelsAsync(AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return [];
        await using var session = store.QuerySession();
        return await session.Query<ModelView>().OrderByDescending(x => x.RegisteredAt).ToListAsync(ct);
    }

    public async Task<ModelView?> ModelAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<ModelView>(id, ct);
    }
}
