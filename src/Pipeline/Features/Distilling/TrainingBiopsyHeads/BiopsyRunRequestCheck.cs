using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>Record a checked biopsy request and queue its training (one transaction through the Wolverine outbox).</summary>
public sealed record StartBiopsyRun(Guid RunId, Guid SplitId, string ManifestSha256, BiopsyConfiguration Configuration, long LedgerPosition, string Actor);

/// <summary>The rules of a biopsy request, pure: a frozen split and settings the head can train with (defaults from <see cref="BiopsyOptions"/>).</summary>
public static class BiopsyRunRequestCheck
{
    public static (StartBiopsyRun? Command, string? Problem) Check(
        TrainingRunRequest request, SplitView? split, long ledgerPosition, string actor, Guid runId)
    {
        if (split is null) return (null, $"No split {request.SplitId}: draft one with POST /api/splits.");
        if (!split.Frozen) return (null, $"Split {split.Id} is not frozen: check its leakage report and freeze it (POST /api/splits/{split.Id}/freeze) first.");
        var d = new BiopsyOptions();
        var options = d with
        {
            TopK = request.TopK ?? d.TopK, Hidden = request.Hidden ?? d.Hidden, Epochs = request.Epochs ?? d.Epochs,
            LearningRate = request.LearningRate ?? d.LearningRate, BatchSize = request.BatchSize ?? d.BatchSize, Seed = request.Seed ?? d.Seed,
        };
        if (options.Problem() is { } problem) return (null, problem);
        return (new StartBiopsyRun(runId, split.Id, split.ManifestSha256, options.ToConfiguration(), ledgerPosition, actor), null);
    }

    public static async Task<(StartBiopsyRun? Command, string? Problem)> CheckAsync(
        IDocumentStore store, TrainingRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var split = await session.LoadAsync<SplitView>(request.SplitId, ct);
        var position = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        return Check(request, split, position, caller.Actor, Guid.CreateVersion7());
    }

    public static BiopsyRunRequested Requested(StartBiopsyRun c, DateTimeOffset at) =>
        new(c.RunId, c.SplitId, c.ManifestSha256, c.Configuration, TrainingRunRequestCheck.CodeVersion, c.LedgerPosition, c.Actor, at);
}

public static class StartBiopsyRunHandler
{
    public static async Task Handle(StartBiopsyRun command, IDocumentSession session, IMessageContext context, TimeProvider clock)
    {
        session.Events.StartStream<TrainingRunView>(command.RunId, BiopsyRunRequestCheck.Requested(command, clock.GetUtcNow()));
        await context.PublishAsync(new TrainBiopsy(command.RunId));
    }
}
