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

    /// <summary>Seed the synthetic demo on first start when the ledger is empty.</summary>
    public bool SeedDemo { get; set; }
}
