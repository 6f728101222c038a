namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>A file as the source holds it: a name for people, a declared length, and a way to read it.</summary>
public sealed record SourceFile(string DisplayPath, string Name, long Length, Func<Stream> Open)
{
    /// <summary>Reads at most <paramref name="maxBytes"/> + 1 bytes, so an oversized file never fills memory.</summary>
    public byte[] ReadBounded(long maxBytes)
    {
        using var s = Open();
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > maxBytes) break;
        }
        return ms.ToArray();
    }
}

/// <summary>One examination as a source presents it, before any checking.</summary>
public sealed record SourceRecord(
    string SourceKey,
    string DisplayPath,
    SourceFile? Report,
    string? ReportText,
    SourceFile? Pathology,
    string? PathologyText,
    SourceFile? ExamJson,
    IReadOnlyList<SourceFile> Frames,
    string? PatientId = null,
    string? Date = null);

/// <summary>Something the reader could not use, with the reason (the rest of the batch goes on).</summary>
public sealed record Rejection(string Path, string Reason);

/// <summary>What a source yields: the records, and the items rejected while reading it.</summary>
public sealed record SourceBatch(IReadOnlyList<SourceRecord> Records, IReadOnlyList<Rejection> Rejected);

public static class FrameFiles
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"];

    public static bool LooksLikeFrame(string name) =>
        Extensions.Contains(Path.GetExtension(name).ToLowerInvariant(), StringComparer.Ordinal);
}
