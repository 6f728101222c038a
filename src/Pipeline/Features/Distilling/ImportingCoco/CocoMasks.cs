using System.Text.Json;
using EndoKED.Pipeline.Models.Masks;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Distilling.ImportingCoco;

/// <summary>
/// One annotation as a mask at its image's size: compressed RLE (pycocotools' string, through <see cref="CocoRle"/>),
/// uncompressed RLE (a counts array), polygons (filled), or, without a segmentation, the bbox filled.
/// </summary>
public static class CocoMasks
{
    /// <summary>The mask and whether it came from the box alone; throws <see cref="FormatException"/> on a malformed annotation.</summary>
    public static (BinaryMask Mask, bool BoxOnly) Decode(CocoAnnotation a, CocoImage image)
    {
        if (a.Segmentation is { ValueKind: JsonValueKind.Object } rle) return (Rle(rle, image), false);
        if (a.Segmentation is { ValueKind: JsonValueKind.Array } polygons && polygons.GetArrayLength() > 0) return (Polygons(polygons, image), false);
        if (a.Bbox is { } b) return (Box(b, image), true);
        throw new FormatException("neither a segmentation nor a bbox");
    }

    private static BinaryMask Rle(JsonElement rle, CocoImage image)
    {
        if (!rle.TryGetProperty("size", out var size) || size.GetArrayLength() != 2)
            throw new FormatException("RLE without size [height, width]");
        var (h, w) = (size[0].GetInt32(), size[1].GetInt32());
        if ((h, w) != (image.Height, image.Width))
            throw new FormatException($"RLE size {w}x{h} is not the image's {image.Width}x{image.Height}");
        if (!rle.TryGetProperty("counts", out var counts)) throw new FormatException("RLE without counts");
        var coco = counts.ValueKind switch
        {
            JsonValueKind.String => CocoRle.FromCompressedString(h, w, counts.GetString()!),
            JsonValueKind.Array => new CocoRle(h, w, [.. counts.EnumerateArray().Select(c => c.GetInt32())]),
            _ => throw new FormatException("RLE counts are neither a string nor an array"),
        };
        return coco.Decode();
    }

    private static BinaryMask Polygons(JsonElement polygons, CocoImage image)
    {
        var points = new List<Point[]>();
        foreach (var polygon in polygons.EnumerateArray())
        {
            if (polygon.ValueKind != JsonValueKind.Array) throw new FormatException("a polygon is not an array of numbers");
            var xy = polygon.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new FormatException("a polygon holds a non-number")).ToArray();
            if (xy.Length < 6 || xy.Length % 2 != 0) throw new FormatException($"a polygon needs at least three x,y pairs (has {xy.Length} numbers)");
            points.Add([.. xy.Chunk(2).Select(p => new Point((int)Math.Round(p[0]), (int)Math.Round(p[1])))]);
        }
        using var mat = new Mat(image.Height, image.Width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillPoly(mat, points, Scalar.All(255));
        return MaskMats.FromGrey(mat);
    }

    private static BinaryMask Box(double[] b, CocoImage image)
    {
        var (x0, y0) = ((int)Math.Floor(b[0]), (int)Math.Floor(b[1]));
        var (x1, y1) = ((int)Math.Ceiling(b[0] + b[2]), (int)Math.Ceiling(b[1] + b[3]));
        if (b[2] <= 0 || b[3] <= 0 || x0 < 0 || y0 < 0 || x1 > image.Width || y1 > image.Height)
            throw new FormatException($"bbox [{string.Join(", ", b)}] is empty or outside the {image.Width}x{image.Height} image");
        return BinaryMask.FromPredicate(image.Width, image.Height, (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1);
    }
}
