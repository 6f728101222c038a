using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;

/// <summary>What a training command did: the run id (null when refused), why, and whether the caller may not act.</summary>
public sealed record TrainingRunResult(Guid? Id, string? Problem, bool Forbidden = false, bool NotFound = false);

/// <summary>Admin-only training commands; the training itself runs in the queued <see cref="TrainStudent"/> handler.</summary>
public sealed class TrainingRunCommands(IDocumentStore store, IFileStore files, IMessageBus bus, TimeProvider clock)
{
    public async Task<TrainingRunResult> RequestAsync(TrainingRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins start training runs.", Forbidden: true);
        if (request.Kind == TrainingRunKinds.Mil)
        {
            var (mil, refused) = await MilRunRequestCheck.CheckAsync(store, files, request, caller, ct);
            if (mil is null) return new(null, refused);
            await bus.InvokeAsync(mil, ct);
            return new(mil.RunId, null);
        }
        if (request.Kind is { } kind && kind != TrainingRunKinds.Student)
        {
            if (kind != TrainingRunKinds.Biopsy)
                return new(null, $"Unknown kind '{kind}': use {TrainingRunKinds.Student}, {TrainingRunKinds.Biopsy} or {TrainingRunKinds.Mil}.");
            var (biopsy, why) = await BiopsyRunRequestCheck.CheckAsync(store, request, caller, ct);
            if (biopsy is null) return new(null, why);
            await bus.InvokeAsync(biopsy, ct);
            return new(biopsy.RunId, null);
        }
        var (command, problem) = await CheckAsync(store, request, caller, ct);
        if (command is null) return new(null, problem);
        await bus.InvokeAsync(command, ct);
        return new(command.RunId, null);
    }

    /// <summary>Reads the split and the ledger position, then checks the request.</summary>
    public static async Task<(StartTrainingRun? Command, string? Problem)> CheckAsync(
        IDocumentStore store, TrainingRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var split = await session.LoadAsync<SplitView>(request.SplitId, ct);
        var position = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        return TrainingRunRequestCheck.Check(request, split, position, caller.Actor, Guid.CreateVersion7());
    }

    public async Task<TrainingRunResult> CancelAsync(Guid runId, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins cancel training runs.", Forbidden: true);
        // An epoch may be recorded at the same moment: then the run is read again and the cancel decided again.
        return await ConcurrencyRetry.RunAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var run = await session.LoadAsync<TrainingRunView>(runId, ct);
            if (run is null) return new TrainingRunResult(null, null, NotFound: true);
            if (run.IsOver) return new TrainingRunResult(runId, $"The run is {run.Status.ToString().ToLowerInvariant()}; nothing to cancel.");
            session.Events.Append(runId, run.Version + 1, new TrainingRunCancelled(runId, caller.Actor, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return new TrainingRunResult(runId, null);
        });
    }
}

public static class StartTrainingRunHandler
{
    /// <summary>Records the request and queues the training, in one transaction (Marten outbox).</summary>
    public static async Task Handle(StartTrainingRun command, IDocumentSession session, IMessageContext context, TimeProvider clock)
    {
        session.Events.StartStream<TrainingRunView>(command.RunId, TrainingRunRequestCheck.Requested(command, clock.GetUtcNow()));
        await context.PublishAsync(new TrainStudent(command.RunId));
    }
}
