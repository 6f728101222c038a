using System.Security.Cryptography;
using EndoKED.Pipeline.Features.Examinations;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.ImportingCoco;

/// <summary>Finds the stored frames a COCO image stands for: by content hash first, else by original file name.</summary>
public sealed class CocoFrameMatcher(ILookup<string, ImageView> bySha, ILookup<string, ImageView> byName)
{
    /// <summary>The SHA-256 of the image file under <paramref name="folder"/>, or null when it is absent or outside the folder.</summary>
    public static string? HashOf(string folder, string fileName)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, fileName));
        if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path)) return null;
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static async Task<CocoFrameMatcher> LoadAsync(IQuerySession session, IReadOnlyList<CocoImage> images,
        IReadOnlyDictionary<long, string?> hashes, string? centre, CancellationToken ct)
    {
        var shas = hashes.Values.OfType<string>().Distinct().ToArray();
        var names = images.Select(i => Path.GetFileName(i.FileName)).Distinct().ToArray();
        var found = (await session.Query<ImageView>().Where(i => shas.Contains(i.Sha256) || names.Contains(i.OriginalName)).ToListAsync(ct))
            .Where(i => centre is null || i.CentreId == centre).ToList();
        return new CocoFrameMatcher(found.ToLookup(i => i.Sha256), found.ToLookup(i => i.OriginalName));
    }

    /// <summary>Every frame holding these bytes (the same frame ingested in two examinations), or the one frame of that name.</summary>
    public (IReadOnlyList<ImageView> Frames, string? Why) Match(CocoImage image, string? sha256)
    {
        if (sha256 is not null && bySha[sha256].ToList() is { Count: > 0 } same) return (same, null);
        var named = byName[Path.GetFileName(image.FileName)].Where(i => image.Centre is null || i.CentreId == image.Centre).ToList();
        return named.Count switch
        {
            1 => (named, null),
            0 => ([], sha256 is null ? "no such file under --images and no stored frame of that name" : "no stored frame with these bytes or that name"),
            _ => ([], $"{named.Count} stored frames have that name and the bytes match none: give the images (or --centre) to tell them apart"),
        };
    }
}
