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
    public const string Queue = "pipeline-runs";

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

    /// <summary>Run steps go through a work queue (PostgreSQL or RabbitMQ): any worker may take the next batch of any run.</summary>
    public static void ConfigurePipelineRuns(this WolverineOptions opts, WorkQueues queues)
    {
        queues.Route<AdvancePipelineRun>(opts, Queue);
        queues.Listen(opts, Queue, 2);
    }
}
