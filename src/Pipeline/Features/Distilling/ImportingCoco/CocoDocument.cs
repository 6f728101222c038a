using System.Text.Json;

namespace EndoKED.Pipeline.Features.Distilling.ImportingCoco;

/// <summary>A COCO image entry: its id, file name (relative to the images folder), size and, when EndoKED wrote it, its centre.</summary>
public sealed record CocoImage(long Id, string FileName, int Width, int Height, string? Centre);

/// <summary>A COCO annotation as read: its segmentation left as JSON (RLE or polygons, or absent) and its bbox [x, y, w, h].</summary>
public sealed record CocoAnnotation(long Id, long ImageId, JsonElement? Segmentation, double[]? Bbox);

/// <summary>A COCO file read leniently: entries that cannot be read become problems, one by one; the rest go on.</summary>
public sealed record CocoDocument(IReadOnlyList<CocoImage> Images, IReadOnlyList<CocoAnnotation> Annotations, IReadOnlyList<string> Problems)
{
    public static CocoDocument Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("Not a COCO file: no \"images\" array.");
        var problems = new List<string>();
        var parsedImages = new List<CocoImage>();
        foreach (var (image, i) in images.EnumerateArray().Select((x, i) => (x, i)))
        {
            if (Long(image, "id") is { } id && Text(image, "file_name") is { Length: > 0 } name
                && Long(image, "width") is { } w && Long(image, "height") is { } h && w is > 0 and <= 65535 && h is > 0 and <= 65535)
                parsedImages.Add(new CocoImage(id, name, (int)w, (int)h, Text(image, "centre")));
            else
                problems.Add($"images[{i}]: needs id, file_name, width and height (1 to 65535)");
        }
        var annotations = new List<CocoAnnotation>();
        if (root.TryGetProperty("annotations", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var (a, i) in list.EnumerateArray().Select((x, i) => (x, i)))
            {
                if (Long(a, "image_id") is not { } imageId)
                {
                    problems.Add($"annotations[{i}]: no image_id");
                    continue;
                }
                var segmentation = a.TryGetProperty("segmentation", out var s) && s.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? s.Clone() : (JsonElement?)null;
                double[]? bbox = a.TryGetProperty("bbox", out var b) && b.ValueKind == JsonValueKind.Array && b.GetArrayLength() == 4
                    && b.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number) ? [.. b.EnumerateArray().Select(v => v.GetDouble())] : null;
                annotations.Add(new CocoAnnotation(Long(a, "id") ?? i + 1, imageId, segmentation, bbox));
            }
        }
        return new CocoDocument(parsedImages, annotations, problems);
    }

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
