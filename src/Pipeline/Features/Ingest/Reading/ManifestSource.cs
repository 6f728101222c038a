using System.Text;

namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>
/// The table layout: <c>manifest.csv</c> with a header row. Columns: <c>exam_id</c> (required), <c>report</c> (the text),
/// <c>pathology</c>, <c>patient_id</c>, <c>date</c> (yyyy-MM-dd) and <c>frames</c> (paths relative to the manifest's folder,
/// separated by <c>;</c>). Frame paths may not leave that folder.
/// </summary>
public static class ManifestSource
{
    public static SourceBatch Read(string manifestPath)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var records = new List<SourceRecord>();
        var rejected = new List<Rejection>();
        var name = Path.GetFileName(manifestPath);

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(File.ReadAllBytes(manifestPath));
        }
        catch (DecoderFallbackException)
        {
            return new SourceBatch([], [new Rejection(name, "manifest.csv is not valid UTF-8: save it as UTF-8 and ingest again")]);
        }

        List<(int Line, List<string> Fields)> rows;
        try
        {
            rows = CsvReader.Parse(new StringReader(text.TrimStart('\uFEFF'))).ToList();
        }
        catch (FormatException e)
        {
            return new SourceBatch([], [new Rejection(name, e.Message)]);
        }
        if (rows.Count == 0)
            return new SourceBatch([], [new Rejection(name, "manifest.csv is empty")]);

        var header = rows[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string c) => header.IndexOf(c);
        int id = Col("exam_id"), report = Col("report"), pathology = Col("pathology"),
            patient = Col("patient_id"), date = Col("date"), frames = Col("frames");
        if (id < 0 || report < 0)
            return new SourceBatch([], [new Rejection(name, "manifest.csv needs the columns exam_id and report (header row)")]);

        foreach (var (line, f) in rows.Skip(1))
        {
            if (f.Count == 1 && string.IsNullOrWhiteSpace(f[0])) continue;
            string? Get(int i) => i >= 0 && i < f.Count && !string.IsNullOrWhiteSpace(f[i]) ? f[i] : null;
            var key = Get(id)?.Trim();
            var where = $"{name}:{line}";
            if (key is null) { rejected.Add(new Rejection(where, "row has no exam_id")); continue; }

            var frameFiles = new List<SourceFile>();
            foreach (var rel in (Get(frames) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var full = Path.GetFullPath(Path.Combine(root, rel));
                if (Path.IsPathRooted(rel) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    rejected.Add(new Rejection($"{where} {rel}", "frame path leaves the manifest's folder: refused"));
                else if (!File.Exists(full))
                    rejected.Add(new Rejection($"{where} {rel}", "frame file not found"));
                else
                    frameFiles.Add(FolderSource.FromDisk(root, full));
            }
            records.Add(new SourceRecord(key, where, null, Get(report) ?? "", null, Get(pathology), null, frameFiles,
                Get(patient)?.Trim(), Get(date)?.Trim()));
        }
        return new SourceBatch(records, rejected);
    }
}
