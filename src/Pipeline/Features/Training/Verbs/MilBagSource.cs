using System.Globalization;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary>One examination to learn from: its label and the paths of its frames.</summary>
public sealed record BagFiles(string Id, bool Positive, IReadOnlyList<string> Frames);

/// <summary>
/// Reads the bags for <c>train mil</c>: a folder <c>positive/&lt;exam&gt;/*</c> and <c>negative/&lt;exam&gt;/*</c>, or a
/// CSV <c>bag,label,image</c> (label 1/0, positive/negative or true/false; image relative to the CSV).
/// </summary>
public static class MilBagSource
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];

    public static IReadOnlyList<BagFiles> Read(string path) =>
        Directory.Exists(path) ? FromFolder(path)
        : File.Exists(path) ? FromCsv(path)
        : throw new FileNotFoundException($"--bags '{path}' is neither a folder nor a file.", path);

    private static List<BagFiles> FromFolder(string root)
    {
        var bags = new List<BagFiles>();
        foreach (var (label, positive) in new[] { ("positive", true), ("negative", false) })
        {
            var dir = Path.Combine(root, label);
            if (!Directory.Exists(dir)) continue;
            foreach (var exam in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
            {
                var frames = Directory.EnumerateFiles(exam).Where(IsImage).Order(StringComparer.Ordinal).ToList();
                if (frames.Count > 0) bags.Add(new BagFiles($"{label}/{Path.GetFileName(exam)}", positive, frames));
            }
        }
        if (bags.Count == 0)
            throw new InvalidDataException($"{root} holds no positive/<exam>/ or negative/<exam>/ folders of frames.");
        return bags;
    }

    private static List<BagFiles> FromCsv(string csv)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var rows = File.ReadLines(csv).Where(l => l.Trim().Length > 0).ToList();
        if (rows.Count == 0 || !rows[0].Replace(" ", "", StringComparison.Ordinal).StartsWith("bag,label,image", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{csv}: the first line must be the header bag,label,image.");
        var bags = new Dictionary<string, (bool Positive, List<string> Frames)>(StringComparer.Ordinal);
        foreach (var (row, n) in rows.Skip(1).Select((r, i) => (r, i + 2)))
        {
            var f = row.Split(',', 3);
            if (f.Length < 3) throw new InvalidDataException($"{csv}:{n}: expected bag,label,image.");
            var positive = f[1].Trim().ToLower(CultureInfo.InvariantCulture) switch
            {
                "1" or "positive" or "true" => true,
                "0" or "negative" or "false" => false,
                var other => throw new InvalidDataException($"{csv}:{n}: label '{other}' is not 1/0, positive/negative or true/false."),
            };
            var bag = f[0].Trim();
            if (!bags.TryGetValue(bag, out var entry)) bags[bag] = entry = (positive, []);
            else if (entry.Positive != positive) throw new InvalidDataException($"{csv}:{n}: bag '{bag}' has both labels.");
            entry.Frames.Add(Path.GetFullPath(Path.Combine(folder, f[2].Trim())));
        }
        return [.. bags.Select(b => new BagFiles(b.Key, b.Value.Positive, b.Value.Frames))];
    }

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
