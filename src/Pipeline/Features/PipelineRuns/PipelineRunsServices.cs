using EndoKED.Pipeline.Features.PipelineRuns.Advancing;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Features.PipelineRuns.Stages;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using EndoKED.Pipeline.Infrastructure.Messaging;

namespace EndoKED.Pipeline.Features.PipelineRuns;

public static class PipelineRunsServices
{
    /// <summary>The runs' bookkeeping: short read-decide-append steps (start, a batch finished, resume).</summary>
    public const string Queue = "pipeline-runs";

    /// <summary>The runs' work: batches of items, taken by whichever worker is free.</summary>
    public const string BatchQueue = "pipeline-batches";

    public static IServiceCollection AddPipelineRuns(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new PipelineRunOptions();
        configuration.GetSection(PipelineRunOptions.Section).Bind(options);
        return services.AddSingleton(options)
            .AddSingleton<IPipelineStage, ExtractStage>()
            .AddSingleton<IPipelineStage, ScoreStage>()
            .AddSingleton<IPipelineStage, SegmentStage>()
            .AddScoped<PipelineRunQueries>()
            .AddScoped<Launching.PipelineRunCommands>();
    }

    public static StoreOptions AddPipelineRuns(this StoreOptions store)
    {
        store.Projections.Add<PipelineRunProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<PipelineRunView>().Index(x => x.RequestedAt);
        return store;
    }

    /// <summary>
    /// Runs go through work queues (PostgreSQL or RabbitMQ): a run keeps several batches queued at once, so every worker's
    /// lanes share it, and the bookkeeping of each run is a separate short message.
    /// </summary>
    public static void ConfigurePipelineRuns(this WolverineOptions opts, WorkQueues queues, int batchLanes)
    {
        queues.Route<AdvancePipelineRun>(opts, Queue);
        queues.Route<PipelineBatchFinished>(opts, Queue);
        queues.Listen(opts, Queue, 1);
        queues.Route<ProcessPipelineBatch>(opts, BatchQueue);
        queues.Listen(opts, BatchQueue, batchLanes);
    }
}
