using Wolverine;
using Wolverine.RabbitMQ;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>The transport and the node timings, from <see cref="EndoKedOptions"/>.</summary>
public static class MessagingSetup
{
    public static WorkQueues ConfigureTransport(this WolverineOptions opts, EndoKedOptions options)
    {
        var queues = WorkQueues.From(options);
        if (queues.Transport == Transports.RabbitMq)
        {
            if (!System.Uri.TryCreate(options.RabbitMq.Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
                throw new InvalidOperationException(
                    $"EndoKED:Transport is rabbitmq but EndoKED:RabbitMq:Uri ('{options.RabbitMq.Uri}') is not an amqp:// address.");
            var rabbit = opts.UseRabbitMq(uri);
            if (options.RabbitMq.AutoProvision) rabbit.AutoProvision();
        }

        var cluster = options.Cluster;
        if (cluster.HealthCheckPolling is { } health)
        {
            opts.Durability.HealthCheckPollingTime = health;
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromMilliseconds(Math.Min(health.TotalMilliseconds, 1000));
        }
        if (cluster.StaleNodeTimeout is { } stale) opts.Durability.StaleNodeTimeout = stale;
        if (cluster.RecoveryPolling is { } recovery)
        {
            opts.Durability.ScheduledJobPollingTime = recovery;
            opts.Durability.ScheduledJobFirstExecution = recovery;
            opts.Durability.NodeReassignmentPollingTime = recovery;
            opts.Durability.FirstNodeReassignmentExecution = recovery;
            opts.Durability.OrphanedMessageSweepPollingTime = recovery;
        }
        return queues;
    }
}
