using System.Globalization;

namespace EndoKED.TestSupport;

/// <summary>One row of shared/data/polyps/manifest.csv; paths are relative to that folder.</summary>
public sealed record PolypsManifestEntry(string Dataset, string Kind, string Image, string? Mask, int Width, int Height)
{
    public bool IsPolyp => Kind == "polyp";

    /// <summary>The number in the file name (CVC-ClinicDB numbers run in video order), or -1.</summary>
    public int FileNumber => int.TryParse(Path.GetFileNameWithoutExtension(Image), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
}

/// <summary>Reads the polyp data manifest (dataset,kind,image,mask,width,height,fg_fraction,source), in file order.</summary>
public static class PolypsManifest
{
    public static IReadOnlyList<PolypsManifestEntry> Read(string polypsDir)
    {
        var path = Path.Combine(polypsDir, "manifest.csv");
        if (!File.Exists(path))
            throw new FileNotFoundException($"No manifest.csv in {polypsDir}.", path);
        return [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(Parse)];
    }

    private static PolypsManifestEntry Parse(string line)
    {
        var f = line.Split(',');
        if (f.Length < 6)
            throw new InvalidDataException($"Manifest line has {f.Length} fields: {line}");
        return new PolypsManifestEntry(f[0], f[1], f[2], f[3].Length == 0 ? null : f[3],
            int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture));
    }
}
