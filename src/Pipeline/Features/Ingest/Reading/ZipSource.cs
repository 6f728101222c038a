using System.IO.Compression;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Infrastructure.Files;

namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>
/// A zip of the folder layout (one folder per examination, possibly under one top folder). Entries are read one at a
/// time when the ingester asks for them, never extracted, so no entry name can write anywhere; names that try to leave
/// the archive are refused and listed. Budgets are checked from the central directory before any entry is unpacked
/// (entry size, compression ratio, the archive's total), and an entry that unpacks to more than it declared is cut off.
/// </summary>
public static class ZipSource
{
    public static SourceBatch Read(ZipArchive zip, IngestLimits limits)
    {
        var maxEntryBytes = Math.Max(limits.MaxFrameBytes, limits.MaxTextBytes);
        var rejected = new List<Rejection>();
        var files = new List<(string[] Parts, ZipArchiveEntry Entry)>();
        long unpacked = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/')) continue; // a folder
            var name = entry.FullName.Replace('\\', '/');
            var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (name.StartsWith('/') || parts.Any(p => p is ".." or ".") || name.Contains(':', StringComparison.Ordinal))
            {
                rejected.Add(new Rejection(entry.FullName, "path escapes the archive: refused, nothing written"));
                continue;
            }
            if (entry.Length > maxEntryBytes)
            {
                rejected.Add(new Rejection(entry.FullName, $"entry unpacks to {entry.Length:N0} bytes, over the {maxEntryBytes:N0}-byte limit"));
                continue;
            }
            if (entry.Length >= limits.CompressionRatioFromBytes && entry.Length > entry.CompressedLength * limits.MaxCompressionRatio)
            {
                var ratio = entry.CompressedLength > 0 ? $"{entry.Length / (double)entry.CompressedLength:0}:1" : "unbounded";
                rejected.Add(new Rejection(entry.FullName,
                    $"entry unpacks to {entry.Length:N0} bytes from {entry.CompressedLength:N0} (ratio {ratio}), over the {limits.MaxCompressionRatio:0}:1 compression-ratio limit: not unpacked"));
                continue;
            }
            if (unpacked + entry.Length > limits.MaxArchiveUnpackedBytes)
            {
                rejected.Add(new Rejection(entry.FullName,
                    $"the archive unpacks to more than its {limits.MaxArchiveUnpackedBytes:N0}-byte budget: this entry and the rest past the budget are not unpacked"));
                continue;
            }
            unpacked += entry.Length;
            files.Add((parts, entry));
        }

        // Drop one shared top folder ("archive/exam-1/report.txt" and "archive/exam-2/...").
        if (files.Count > 0 && files.All(f => f.Parts.Length >= 3) && files.Select(f => f.Parts[0]).Distinct().Count() == 1)
            files = files.Select(f => (f.Parts[1..], f.Entry)).ToList();

        var records = new List<SourceRecord>();
        foreach (var group in files.Where(f => f.Parts.Length == 2).GroupBy(f => f.Parts[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            SourceFile? report = null, pathology = null, examJson = null;
            var frames = new List<SourceFile>();
            foreach (var (parts, entry) in group.OrderBy(g => g.Parts[1], StringComparer.Ordinal))
            {
                var declared = entry.Length;
                var file = new SourceFile(entry.FullName, parts[1], declared, () => DeclaredLength(entry, declared));
                switch (parts[1].ToLowerInvariant())
                {
                    case "report.txt": report = file; break;
                    case "pathology.txt": pathology = file; break;
                    case "exam.json": examJson = file; break;
                    default:
                        if (FrameFiles.LooksLikeFrame(parts[1])) frames.Add(file);
                        else rejected.Add(new Rejection(entry.FullName, "not a frame, report.txt, pathology.txt or exam.json: skipped"));
                        break;
                }
            }
            if (report is null)
            {
                rejected.Add(new Rejection(group.Key + "/", "no report.txt: every examination folder needs one"));
                continue;
            }
            records.Add(new SourceRecord(group.Key, group.Key, report, null, pathology, null, examJson, frames));
        }
        foreach (var f in files.Where(f => f.Parts.Length != 2))
            rejected.Add(new Rejection(f.Entry.FullName, "not inside an examination folder (expected EXAM/FILE)"));
        return new SourceBatch(records, rejected);
    }

    /// <summary>An entry's data, refused once it goes past the size its header declared (the budgets were checked against it).</summary>
    private static Stream DeclaredLength(ZipArchiveEntry entry, long declared) =>
        new ReadCountingStream(entry.Open(), read =>
        {
            if (read > declared)
                throw new InvalidDataException($"{entry.FullName} unpacks to more than the {declared:N0} bytes it declares");
        }, declared);
}
