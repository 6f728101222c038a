using EndoKED.Pipeline.Infrastructure.Messaging;

namespace EndoKED.Pipeline.Infrastructure;

/// <summary>Where the system keeps its state. Bound from the <c>EndoKED</c> configuration section.</summary>
public sealed class EndoKedOptions
{
    public const string Section = "EndoKED";

    /// <summary>PostgreSQL connection string (the ledger and the work queues).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Schema for Marten's documents and events; tests give each class its own.</summary>
    public string Schema { get; set; } = "endoked";

    /// <summary>Root folder of the content-addressed file store (frames, thumbnails, models).</summary>
    public string DataRoot { get; set; } = "";

    /// <summary>When true the handlers of the pipeline run in this process (the single-machine default).</summary>
    public bool RunPipelineHandlers { get; set; } = true;

    /// <summary>The queues this process listens to when it runs handlers; empty = all (<c>endoked worker --queues</c>).</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>Where the work queues live: postgresql (default) or rabbitmq (then <see cref="RabbitMq"/>).</summary>
    public string Transport { get; set; } = Transports.Postgresql;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>The SignalR backplane for several portal instances (Redis); unused by workers.</summary>
    public SignalROptions SignalR { get; set; } = new();

    /// <summary>Node failure detection timings (null = Wolverine's defaults).</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>
    /// Run the live-notification subscription (the portal). Workers turn it off: nobody there listens, and two daemons
    /// must not share one subscription.
    /// </summary>
    public bool LiveNotifications { get; set; } = true;

    /// <summary>
    /// Solo (one portal, the default): this portal runs the asynchronous projections and the live subscription and tells
    /// its own pages. HotCold (several portals): one elected portal runs them and fans the live notifications out to
    /// every portal through PostgreSQL NOTIFY; another takes over when it dies.
    /// </summary>
    public string DaemonMode { get; set; } = DaemonModes.Solo;

    /// <summary>How many batches of pipeline runs this process works on at once (its lanes on the pipeline-batches queue).</summary>
    public int PipelineBatchLanes { get; set; } = 2;

    /// <summary>Seed the synthetic demo on first start when the ledger is empty, then run the whole chain on it once.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Synthetic examinations per centre of the demo (three centres).</summary>
    public int DemoExaminationsPerCentre { get; set; } = 22;
}

/// <summary>The values of <see cref="EndoKedOptions.DaemonMode"/>.</summary>
public static class DaemonModes
{
    public const string Solo = "Solo";
    public const string HotCold = "HotCold";
}
