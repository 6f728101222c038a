namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>A file as the source holds it: a name for people, a declared length, and a way to read it.</summary>
public sealed record SourceFile(string DisplayPath, string Name, long Length, Func<Stream> Open)
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> + 1 bytes, so an oversized file never fills memory. A file within the bound
    /// is read into one array of its declared length (no growing copies); one longer than it declared is refused.
    /// </summary>
    public byte[] ReadBounded(long maxBytes)
    {
        using var s = Open();
        if (Length >= 0 && Length <= maxBytes)
        {
            var bytes = new byte[Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = s.Read(bytes, read, bytes.Length - read);
                if (n == 0) return bytes[..read]; // shorter than declared: the checks see what is there
                read += n;
            }
            if (s.ReadByte() >= 0)
                throw new InvalidDataException($"{DisplayPath} is longer than the {Length:N0} bytes it declares");
            return bytes;
        }
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int m;
        while ((m = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            ms.Write(buffer, 0, m);
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
