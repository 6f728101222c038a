namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>The message transports this system can use for its work queues.</summary>
public static class Transports
{
    /// <summary>PostgreSQL queues beside the ledger: nothing else to run (the default).</summary>
    public const string Postgresql = "postgresql";

    /// <summary>RabbitMQ queues (EndoKED:RabbitMq:Uri); the inbox and outbox stay in PostgreSQL.</summary>
    public const string RabbitMq = "rabbitmq";
}

/// <summary>Section "EndoKED:RabbitMq": the broker used when EndoKED:Transport is rabbitmq.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>amqp://user:password@host:5672/vhost</summary>
    public string Uri { get; set; } = "";

    /// <summary>Declare the queues at start-up (off when an operator declares them).</summary>
    public bool AutoProvision { get; set; } = true;
}

/// <summary>Section "EndoKED:SignalR": the backplane several portal instances share.</summary>
public sealed class SignalROptions
{
    /// <summary>A StackExchange.Redis configuration string (redis:6379,password=...); empty = no backplane (one portal).</summary>
    public string Redis { get; set; } = "";

    /// <summary>Channel prefix, so several deployments may share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "endoked";
}

/// <summary>
/// Section "EndoKED:Cluster": how fast the nodes (portal, workers) notice that one of them died and take over the
/// messages it held. Wolverine's own defaults suit production; tests shorten them.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>How often each node writes its heartbeat and the leader looks for dead nodes.</summary>
    public TimeSpan? HealthCheckPolling { get; set; }

    /// <summary>A node whose heartbeat is older than this is dead; its messages go to the living.</summary>
    public TimeSpan? StaleNodeTimeout { get; set; }

    /// <summary>How often released and scheduled messages are looked for (and idle queues polled).</summary>
    public TimeSpan? RecoveryPolling { get; set; }
}
