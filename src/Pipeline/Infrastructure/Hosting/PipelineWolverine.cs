using EndoKED.Pipeline.Features.Distilling;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Pipeline.Features.PipelineRuns;
using Wolverine;
using EndoKED.Pipeline.Infrastructure.Messaging;

namespace EndoKED.Pipeline.Infrastructure.Hosting;

/// <summary>Wolverine: every stage is a message and a handler, queued in PostgreSQL beside the ledger.</summary>
public static class PipelineWolverine
{
    public const string IngestQueue = "ingest";

    /// <summary>Every work queue, for <c>endoked worker --queues</c>.</summary>
    public static IReadOnlyList<string> AllQueues { get; } =
        [IngestQueue, ExtractionServices.Queue, FrameLabelServices.ScoreQueue, FrameLabelServices.SegmentQueue, PipelineRunsServices.Queue,
         PipelineRunsServices.BatchQueue, DistillingServices.Queue, DistillingServices.SplitQueue];

    public static void ConfigureEndoKed(this WolverineOptions opts, EndoKedOptions options, ExtractionOptions extraction, FrameLabelOptions frameLabels)
    {
        opts.ServiceName = "endoked";
        opts.Discovery.IncludeAssembly(typeof(PipelineWolverine).Assembly);
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // PostgreSQL or RabbitMQ, and which queues this process (portal or worker) listens to.
        var queues = opts.ConfigureTransport(options);
        queues.Route<IngestArchive>(opts, IngestQueue);
        queues.Listen(opts, IngestQueue, 1);
        opts.ConfigureExtraction(extraction, queues);
        opts.ConfigureFrameLabels(frameLabels, queues);
        opts.ConfigurePipelineRuns(queues, options.PipelineBatchLanes);
        opts.ConfigureDistilling(queues);
        opts.RecoverOnlyWhereAllQueuesAreHandled(queues);
    }
}
