using EndoKED.Pipeline.Features.Review.History;
using System.Globalization;
using System.Text.Json;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure.Files;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary>Writes labelled frames as COCO, YOLO segmentation or mask PNGs; frames are copied beside the labels.</summary>
public static class DatasetWriters
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Frames under <c>images/[part/]</c>: the original bytes, named by image id.</summary>
    public static async Task<string> CopyFrameAsync(IFileStore files, ExportFrame f, string output, CancellationToken ct)
    {
        var folder = Path.Combine(output, "images", f.Part ?? "");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, f.Stem + f.Extension);
        await using var source = files.OpenRead(f.Image.Sha256) ?? throw new FileNotFoundException($"Frame {f.Image.Sha256} is not in the file store.");
        await using var target = File.Create(path);
        await source.CopyToAsync(target, ct);
        return Path.GetRelativePath(Path.Combine(output, "images"), path).Replace('\\', '/');
    }

    /// <summary><c>annotations.json</c>: one annotation per non-empty mask, compressed RLE segmentation, bbox [x, y, w, h], category polyp.</summary>
    public static async Task WriteCocoAsync(IFileStore files, IReadOnlyList<ExportFrame> frames, string output, CancellationToken ct)
    {
        var images = new List<object>();
        var annotations = new List<object>();
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            var name = await CopyFrameAsync(files, f, output, ct);
            images.Add(new { id = i + 1, file_name = name, width = f.Image.Width, height = f.Image.Height, endoked_id = f.Label.Key,
                centre = f.Label.CentreId, split = f.Part, label_origin = f.Label.Origin.ToString().ToLowerInvariant() });
            var mask = f.Label.Mask.Decode();
            if (mask.Bounds() is not { } b) continue;
            annotations.Add(new { id = annotations.Count + 1, image_id = i + 1, category_id = 1, iscrowd = 0, area = mask.Area,
                bbox = new[] { b.X0, b.Y0, b.X1 - b.X0, b.Y1 - b.Y0 },
                segmentation = new { size = new[] { f.Label.Mask.Height, f.Label.Mask.Width }, counts = f.Label.Mask.Counts } });
        }
        var coco = new { info = new { description = "EndoKED polyp segmentation export" }, images, annotations,
            categories = new[] { new { id = 1, name = "polyp", supercategory = "lesion" } } };
        await File.WriteAllTextAsync(Path.Combine(output, "annotations.json"), JsonSerializer.Serialize(coco, Json), ct);
    }

    /// <summary><c>labels/[part/]ID.txt</c>: <c>0 x1 y1 x2 y2 …</c> per outer contour (normalised), and <c>dataset.yaml</c>.</summary>
    public static async Task WriteYoloAsync(IFileStore files, IReadOnlyList<ExportFrame> frames, string output, CancellationToken ct)
    {
        foreach (var f in frames)
        {
            await CopyFrameAsync(files, f, output, ct);
            var folder = Path.Combine(output, "labels", f.Part ?? "");
            Directory.CreateDirectory(folder);
            await File.WriteAllLinesAsync(Path.Combine(folder, f.Stem + ".txt"), Polygons(f.Label.Mask.Decode()), ct);
        }
        await File.WriteAllTextAsync(Path.Combine(output, "dataset.yaml"), YoloDatasetYaml(frames.Select(f => f.Part)), ct);
    }

    /// <summary>
    /// <c>dataset.yaml</c> names only the parts that exist: without a split every frame is training data (validating on the
    /// training frames would only flatter the model), with one each of its parts under its YOLO key.
    /// </summary>
    public static string YoloDatasetYaml(IEnumerable<string?> framesParts)
    {
        var parts = framesParts.Distinct().ToList();
        var yaml = new System.Text.StringBuilder("path: .\n");
        if (parts.All(p => p is null))
            yaml.Append("# No split: every frame is training data. Export a frozen split (--split ID) for val and test.\ntrain: images\n");
        else
            foreach (var (key, part) in new[] { ("train", "train"), ("val", "validation"), ("test", "test") })
                if (parts.Contains(part)) yaml.Append($"{key}: images/{part}\n");
        return yaml.Append("names:\n  0: polyp\n").ToString();
    }

    /// <summary>One YOLO segmentation line per outer contour of at least three points.</summary>
    public static IReadOnlyList<string> Polygons(BinaryMask mask)
    {
        using var grey = MaskMats.ToMat(mask);
        Cv2.FindContours(grey, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        return [.. contours.Where(c => c.Length >= 3).Select(c => "0 " + string.Join(' ', c.SelectMany(p => new[]
        {
            (p.X / (double)mask.Width).ToString("0.######", CultureInfo.InvariantCulture),
            (p.Y / (double)mask.Height).ToString("0.######", CultureInfo.InvariantCulture),
        })))];
    }

    /// <summary><c>masks/[part/]ID.png</c>: 0/255 at the frame's size, beside the frames.</summary>
    public static async Task WriteMasksAsync(IFileStore files, IReadOnlyList<ExportFrame> frames, string output, CancellationToken ct)
    {
        foreach (var f in frames)
        {
            await CopyFrameAsync(files, f, output, ct);
            var folder = Path.Combine(output, "masks", f.Part ?? "");
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, f.Stem + ".png"), GetCurrentMask.Png(f.Label.Mask), ct);
        }
    }
}
