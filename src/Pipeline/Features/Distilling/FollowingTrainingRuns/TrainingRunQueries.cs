using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;

/// <summary>
/// Training runs and the model registry. Admins read everything; leads read them too, but a run or model spans centres,
/// so its per-centre test rows are cut to the lead's centres (another centre's rows do not exist for them); anyone else
/// reads nothing.
/// </summary>
public sealed class TrainingRunQueries(IDocumentStore store)
{
    public async Task<IReadOnlyList<TrainingRunView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return [];
        await using var session = store.QuerySession();
        var runs = await session.Query<TrainingRunView>().OrderByDescending(x => x.RequestedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. runs.Select(r => Scoped(r, caller))];
    }

    public async Task<TrainingRunView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<TrainingRunView>(id, ct) is { } run ? Scoped(run, caller) : null;
    }

    public async Task<IReadOnlyList<ModelView>> ModelsAsync(AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return [];
        await using var session = store.QuerySession();
        var models = await session.Query<ModelView>().OrderByDescending(x => x.RegisteredAt).ToListAsync(ct);
        return [.. models.Select(m => Scoped(m, caller))];
    }

    public async Task<ModelView?> ModelAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<ModelView>(id, ct) is { } model ? Scoped(model, caller) : null;
    }

    /// <summary>The run as the caller may see it: only the test rows of centres granted to them.</summary>
    public static TrainingRunView Scoped(TrainingRunView run, AccessScope caller) => caller.SeesAll ? run : run with
    {
        Metrics = [.. run.Metrics.Where(m => caller.CanSee(m.Centre))],
        BiopsyMetrics = [.. run.BiopsyMetrics.Where(m => caller.CanSee(m.Centre))],
        LabelCounts = [.. run.LabelCounts.Where(m => caller.CanSee(m.Centre))],
        MilValidation = [.. run.MilValidation.Where(m => caller.CanSee(m.Centre))],
        Epochs = [.. run.Epochs.Select(e => e.CentreAucs is null ? e : e with { CentreAucs = [.. e.CentreAucs.Where(m => caller.CanSee(m.Centre))] })],
    };

    /// <summary>The model as the caller may see it: only the test rows of centres granted to them.</summary>
    public static ModelView Scoped(ModelView model, AccessScope caller) => caller.SeesAll ? model : model with
    {
        Metrics = [.. model.Metrics.Where(m => caller.CanSee(m.Centre))],
        BiopsyMetrics = [.. model.BiopsyMetrics.Where(m => caller.CanSee(m.Centre))],
        LabelCounts = [.. model.LabelCounts.Where(m => caller.CanSee(m.Centre))],
        MilValidation = [.. model.MilValidation.Where(m => caller.CanSee(m.Centre))],
    };
}
