namespace EndoKED.Pipeline.Features.Ingest.Checking;

/// <summary>
/// Bounds on what ingest will read and decode (bound from <c>EndoKED:Ingest</c>). The defaults pass a real archive
/// (frames are JPEG or PNG, already compressed; reports are small) and refuse a decompression bomb before it is read.
/// </summary>
public sealed class IngestLimits
{
    public const string Section = "EndoKED:Ingest";

    /// <summary>Largest frame file accepted, in bytes (also the largest zip entry read).</summary>
    public long MaxFrameBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest frame accepted, in pixels (width × height), checked from the header before decoding.</summary>
    public long MaxFramePixels { get; set; } = 40_000_000;

    /// <summary>Largest report or pathology text, in bytes.</summary>
    public long MaxTextBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Largest uploaded archive, in bytes (the body of <c>POST /api/ingest</c> and the page's upload).</summary>
    public long MaxArchiveBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Decompressed budget of one archive: the entries past it are refused, not read.</summary>
    public long MaxArchiveUnpackedBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Decompressed budget of one examination (its report, texts and frames): past it the examination is refused.</summary>
    public long MaxExaminationBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest ratio of an entry's unpacked to packed size (JPEG and PNG frames pack about 1:1, text about 3:1).</summary>
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>Entries that unpack to less than this are not held to the ratio (a tiny, repetitive report packs well).</summary>
    public long CompressionRatioFromBytes { get; set; } = 1024 * 1024;

    /// <summary>Frames decoded at once; also bounds the frames held in memory (one more is being read).</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Examinations committed in one transaction (each with all its frames, never split across two).</summary>
    public int ExaminationsPerCommit { get; set; } = 25;
}
