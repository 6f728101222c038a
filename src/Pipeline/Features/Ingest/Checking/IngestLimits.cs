namespace EndoKED.Pipeline.Features.Ingest.Checking;

/// <summary>Bounds on what ingest will read and decode (bound from <c>EndoKED:Ingest</c>).</summary>
public sealed class IngestLimits
{
    public const string Section = "EndoKED:Ingest";

    /// <summary>Largest frame file accepted, in bytes.</summary>
    public long MaxFrameBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest frame accepted, in pixels (width × height), checked from the header before decoding.</summary>
    public long MaxFramePixels { get; set; } = 40_000_000;

    /// <summary>Largest report or pathology text, in bytes.</summary>
    public long MaxTextBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Largest uploaded archive, in bytes.</summary>
    public long MaxArchiveBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Frames decoded at once.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;
}
