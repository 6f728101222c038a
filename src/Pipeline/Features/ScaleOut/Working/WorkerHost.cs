using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.ScaleOut.Working;

/// <summary>
/// A pipeline worker: a generic host (no web server) with the ledger, the features and Wolverine listening to the work
/// queues. Several workers and the portal share the queues; a message is handled by one of them, in the handler's
/// transaction, and the messages of a worker that dies are taken over by the living once its heartbeat is stale.
/// </summary>
public static class WorkerHost
{
    public static IHost Build(IReadOnlyList<string> queues, string[]? args = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args ?? [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Logging.AddFilter("Wolverine", LogLevel.Warning);
        builder.Logging.AddFilter("JasperFx", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        var options = Configure(PipelineServices.ReadOptions(builder.Configuration), queues);
        builder.Services.AddEndoKedPipeline(options, builder.Configuration, withMessaging: true);
        return builder.Build();
    }

    /// <summary>A worker always listens (to the given queues, or all) and never runs the portal's live subscription.</summary>
    public static EndoKedOptions Configure(EndoKedOptions options, IReadOnlyList<string> queues)
    {
        options.RunPipelineHandlers = true;
        options.LiveNotifications = false;
        options.SeedDemo = false;
        options.Queues = [.. queues];
        return options;
    }
}
