namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>
/// Reads a folder per examination (<c>report.txt</c>, optional <c>pathology.txt</c> and <c>exam.json</c>, frames);
/// a folder holding <c>manifest.csv</c> is read as a manifest instead, and a folder holding <c>report.txt</c> is one examination.
/// </summary>
public static class FolderSource
{
    public static SourceBatch Read(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"The input folder '{root}' does not exist.");
        root = Path.GetFullPath(root);

        var manifest = Path.Combine(root, "manifest.csv");
        if (File.Exists(manifest))
            return ManifestSource.Read(manifest);

        if (File.Exists(Path.Combine(root, "report.txt")))
        {
            var (single, rejected) = ReadExamFolder(root, root);
            return new SourceBatch([single], rejected);
        }

        var records = new List<SourceRecord>();
        var rejections = new List<Rejection>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (IsLink(dir))
            {
                rejections.Add(new Rejection(Rel(root, dir), "symbolic link: not followed, so nothing outside the input is read"));
                continue;
            }
            if (!File.Exists(Path.Combine(dir, "report.txt")))
            {
                rejections.Add(new Rejection(Rel(root, dir), "no report.txt: every examination folder needs one"));
                continue;
            }
            var (record, rejected) = ReadExamFolder(root, dir);
            records.Add(record);
            rejections.AddRange(rejected);
        }
        foreach (var file in Directory.EnumerateFiles(root))
            rejections.Add(new Rejection(Rel(root, file), "loose file at the top level: put it in an examination folder"));
        return new SourceBatch(records, rejections);
    }

    private static (SourceRecord Record, List<Rejection> Rejected) ReadExamFolder(string root, string dir)
    {
        var rejected = new List<Rejection>();
        var frames = new List<SourceFile>();
        SourceFile? report = null, pathology = null, examJson = null;
        foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (IsLink(path))
            {
                rejected.Add(new Rejection(Rel(root, path), "symbolic link: not followed"));
                continue;
            }
            var file = FromDisk(root, path);
            switch (name.ToLowerInvariant())
            {
                case "report.txt": report = file; break;
                case "pathology.txt": pathology = file; break;
                case "exam.json": examJson = file; break;
                default:
                    if (FrameFiles.LooksLikeFrame(name)) frames.Add(file);
                    else rejected.Add(new Rejection(Rel(root, path), "not a frame (jpg, png, bmp, tif), report.txt, pathology.txt or exam.json: skipped"));
                    break;
            }
        }
        var key = dir == root ? Path.GetFileName(root) : Path.GetFileName(dir);
        return (new SourceRecord(key, Rel(root, dir), report, null, pathology, null, examJson, frames), rejected);
    }

    internal static SourceFile FromDisk(string root, string path)
    {
        var info = new FileInfo(path);
        return new SourceFile(Rel(root, path), info.Name, info.Length, () => File.OpenRead(path));
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string Rel(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path);
        return rel == "." ? Path.GetFileName(root) : rel;
    }
}
