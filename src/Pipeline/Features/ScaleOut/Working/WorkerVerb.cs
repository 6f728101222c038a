using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Messaging;
using Microsoft.Extensions.Hosting;

namespace EndoKED.Pipeline.Features.ScaleOut.Working;

/// <summary><c>endoked worker</c>: handle pipeline messages from the shared queues until stopped.</summary>
public sealed class WorkerVerb : IVerb
{
    public string Name => "worker";
    public string Summary => "handle pipeline work from the shared queues (add workers, e.g. GPU nodes, to go faster)";
    public string Help => $"""
        Usage: ./endoked worker [--queues {string.Join(",", WorkQueueRegistry.Names)}]

        Listens to the work queues the portal and other workers share (PostgreSQL by default, RabbitMQ when
        EndoKED__Transport=rabbitmq) and handles their messages until Ctrl-C or SIGTERM. --queues limits it to some
        queues (a GPU node may take only score,segment). Configuration as for the portal: ENDOKED_POSTGRES (or
        EndoKED__ConnectionString), ENDOKED_DATA (the same file store as the portal: a shared volume), ENDOKED_MIL_MODEL,
        ENDOKED_SAM_*, ENDOKED_OLLAMA_URL. Run the portal with EndoKED__RunPipelineHandlers=false to leave all work to
        workers. A worker that dies (even killed) loses nothing: once its heartbeat is stale
        (EndoKED__Cluster__StaleNodeTimeout) a node that handles every queue takes over the messages it held, and the
        handlers skip work already recorded in the ledger. Only such nodes recover others' messages, so keep at least one
        worker without --queues (or the portal with its handlers). A pipeline run keeps several batches queued at once
        (PipelineRuns__BatchesInFlight); each worker works on EndoKED__PipelineBatchLanes of them at a time.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var queues = ParseQueues(args.Optional("queues"));
        args.EnsureAllRead();

        using var host = WorkerHost.Build(queues);
        await host.StartAsync(cancellationToken);
        var listening = queues.Count == 0 ? WorkQueueRegistry.Names : queues;
        await console.Error.WriteLineAsync($"endoked worker {Environment.ProcessId}: listening to {string.Join(", ", listening)}");
        try
        {
            await host.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await host.StopAsync(CancellationToken.None);
        }
        await console.Error.WriteLineAsync($"endoked worker {Environment.ProcessId}: stopped");
        return 0;
    }

    public static IReadOnlyList<string> ParseQueues(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var queues = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = queues.Where(q => !WorkQueueRegistry.Names.Contains(q)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"unknown queue(s) {string.Join(", ", unknown)}; the queues are {string.Join(", ", WorkQueueRegistry.Names)}.");
        return queues;
    }
}
