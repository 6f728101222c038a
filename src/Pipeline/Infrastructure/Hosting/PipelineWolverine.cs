using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Pipeline.Features.PipelineRuns;
using Wolverine;
using Wolverine.Postgresql;

namespace EndoKED.Pipeline.Infrastructure.Hosting;

/// <summary>Wolverine: every stage is a message and a handler, queued in PostgreSQL beside the ledger.</summary>
public static class PipelineWolverine
{
    public const string IngestQueue = "ingest";

    public static void ConfigureEndoKed(this WolverineOptions opts, EndoKedOptions options, ExtractionOptions extraction, FrameLabelOptions frameLabels)
    {
        opts.ServiceName = "endoked";
        opts.Discovery.IncludeAssembly(typeof(PipelineWolverine).Assembly);
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        opts.PublishMessage<IngestArchive>().ToPostgresqlQueue(IngestQueue);
        if (options.RunPipelineHandlers)
            opts.ListenToPostgresqlQueue(IngestQueue).MaximumParallelMessages(1);
        opts.ConfigureExtraction(extraction, listen: options.RunPipelineHandlers);
        opts.ConfigureFrameLabels(frameLabels, listen: options.RunPipelineHandlers);
        opts.ConfigurePipelineRuns(listen: options.RunPipelineHandlers);
    }
}
