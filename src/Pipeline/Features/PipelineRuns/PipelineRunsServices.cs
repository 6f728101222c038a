using EndoKED.Pipeline.Features.PipelineRuns.Advancing;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Infrastructure.Stages;
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
    public static readonly WorkQueue Queue = new("pipeline-runs", 50, "the runs' bookkeeping",
        [typeof(AdvancePipelineRun), typeof(PipelineBatchFinished)]);

    /// <summary>The runs' work: batches of items, taken by whichever worker is free.</summary>
    public static readonly WorkQueue BatchQueue = new("pipeline-batches", 60, "the runs' batches", [typeof(ProcessPipelineBatch)]);

    public static IServiceCollection AddPipelineRuns(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new PipelineRunOptions();
        configuration.GetSection(PipelineRunOptions.Section).Bind(options);
        return services.AddSingleton(options)
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
        queues.RouteAndListen(opts, Queue, 1);
        queues.RouteAndListen(opts, BatchQueue, batchLanes);
    }
}
