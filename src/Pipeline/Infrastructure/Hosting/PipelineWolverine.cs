using EndoKED.Pipeline.Features.Distilling;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Ingest;
using EndoKED.Pipeline.Features.PipelineRuns;
using Wolverine;
using EndoKED.Pipeline.Infrastructure.Messaging;

namespace EndoKED.Pipeline.Infrastructure.Hosting;

/// <summary>Wolverine: every stage is a message and a handler, queued in PostgreSQL beside the ledger.</summary>
public static class PipelineWolverine
{
    public static void ConfigureEndoKed(this WolverineOptions opts, EndoKedOptions options, ExtractionOptions extraction, FrameLabelOptions frameLabels)
    {
        opts.ServiceName = "endoked";
        opts.Discovery.IncludeAssembly(typeof(PipelineWolverine).Assembly);
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
        opts.ApplyHandlerPolicies();

        // PostgreSQL or RabbitMQ, and which queues this process (portal or worker) listens to.
        var queues = opts.ConfigureTransport(options);
        opts.ConfigureIngest(queues);
        opts.ConfigureExtraction(extraction, queues);
        opts.ConfigureFrameLabels(frameLabels, queues);
        opts.ConfigurePipelineRuns(queues, options.PipelineBatchLanes);
        opts.ConfigureDistilling(queues);
        opts.RecoverOnlyWhereAllQueuesAreHandled(queues);
    }
}
