using System.IO.Compression;

namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>
/// A zip of the folder layout (one folder per examination, possibly under one top folder). Entries are read in memory,
/// never extracted, so no entry name can write anywhere; names that try to leave the archive are refused and listed.
/// </summary>
public static class ZipSource
{
    public static SourceBatch Read(ZipArchive zip, long maxEntryBytes)
    {
        var rejected = new List<Rejection>();
        var files = new List<(string[] Parts, ZipArchiveEntry Entry)>();
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
                var file = new SourceFile(entry.FullName, parts[1], entry.Length, entry.Open);
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
}
