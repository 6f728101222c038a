using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Launching;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>
/// The demo's first start runs the whole chain once, as an admin would from the portal: when every report is read, a
/// frame scorer is trained from the report labels and promoted when done, then a pipeline run (extract, score, segment)
/// on every centre. Each step looks at the ledger first, so a start that was stopped at any point goes on at the next.
/// </summary>
public static class DemoBootstrap
{
    public const string Actor = "demo-bootstrap";
    public static readonly string[] Stages = ["extract", "score", "segment"];

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var caller = AccessScope.All(Actor);
        await WaitForExtractionAsync(store, logger, ct);
        await EnsureFrameScorerAsync(services, caller, logger, ct);

        await using var scope = services.CreateAsyncScope();
        IReadOnlyList<PipelineRunView> runs;
        await using (var session = store.QuerySession())
            runs = await session.Query<PipelineRunView>().Where(r => r.RequestedBy == Actor).ToListAsync(ct);
        if (runs.Count > 0) return;
        var centres = (await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(caller, ct)).Select(c => c.CentreId).ToList();
        var (id, problem, _) = await scope.ServiceProvider.GetRequiredService<PipelineRunCommands>()
            .StartAsync(new PipelineRunRequest(centres, Stages), caller, ct);
        if (id is null) throw new InvalidOperationException($"The demo's first pipeline run could not start: {problem}");
        logger.LogWarning("Demo: pipeline run {Run} started on {Centres} (extract, score, segment): follow it on /pipeline", id, string.Join(", ", centres));
    }

    /// <summary>The frame scorer trains on report labels: wait until no examination is left unread.</summary>
    private static async Task WaitForExtractionAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        var said = DateTimeOffset.MinValue;
        while (true)
        {
            int unread;
            await using (var session = store.QuerySession())
                unread = await session.Query<ExaminationView>().CountAsync(x => x.Status == ExaminationStatus.Ingested, ct);
            if (unread == 0) return;
            if (DateTimeOffset.UtcNow - said > TimeSpan.FromSeconds(30))
            {
                logger.LogWarning("Demo: waiting for {Count} report(s) to be read before training the frame scorer", unread);
                said = DateTimeOffset.UtcNow;
            }
            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>A promoted frame scorer: there already, or trained now (a run already asked for is awaited, not asked again).</summary>
    private static async Task EnsureFrameScorerAsync(IServiceProvider services, AccessScope caller, ILogger logger, CancellationToken ct)
    {
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var promotions = scope.ServiceProvider.GetRequiredService<ModelPromotionCommands>();
            if ((await promotions.ScorerAsync(ct)).Current is not null) return;
            var runs = (await scope.ServiceProvider.GetRequiredService<TrainingRunQueries>().LatestAsync(caller, 100, ct))
                .Where(r => r.Kind == TrainingRunKinds.Mil && r.RequestedBy == Actor).ToList();
            if (runs.FirstOrDefault(r => r.Status == TrainingRunStatus.Completed) is { ModelId: { } model })
            {
                // Completed but not promoted (stopped between the two, or promoted away and back): promote it now.
                var result = await promotions.PromoteAsync(model, PromotionRoles.Scorer, caller, ct);
                if (result.Problem is { } p && !result.AlreadyCurrent) throw new InvalidOperationException($"The demo's frame scorer could not be promoted: {p}");
                continue;
            }
            if (runs.Count > 0 && runs.All(r => r.IsOver))
                throw new InvalidOperationException($"The demo's frame-scorer run {runs[0].Status.ToString().ToLowerInvariant()}: " +
                    $"{runs[0].FailureReason ?? "see its page on /training"}. Train one from the Pipeline page.");
            if (runs.Count == 0)
            {
                var request = await scope.ServiceProvider.GetRequiredService<TrainingRunCommands>()
                    .RequestAsync(new TrainingRunRequest(Kind: TrainingRunKinds.Mil, PromoteWhenDone: true), caller, ct);
                if (request.Id is null) throw new InvalidOperationException($"The demo's frame scorer could not be trained: {request.Problem}");
                logger.LogWarning("Demo: training a frame scorer from the report labels (run {Run}, /training/{Run})", request.Id, request.Id);
            }
            await Task.Delay(Poll, ct);
        }
    }
}
