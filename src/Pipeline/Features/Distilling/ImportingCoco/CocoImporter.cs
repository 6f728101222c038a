using System.Security.Cryptography;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.ImportingCoco;

/// <summary>What to import: the COCO file, the folder its file names are relative to, a source name, optionally one centre.</summary>
public sealed record CocoImportRequest(string Input, string Images, string Source = "coco", string? Centre = null, double Quality = 1.0);

/// <summary>What an import did: images read and matched, proposals appended or already there, and every problem in words.</summary>
public sealed record CocoImportReport(string FileSha256, string Provenance, int Images, int Matched, int Appended, int Unchanged, IReadOnlyList<string> Problems);

/// <summary>
/// Appends a COCO file's masks to the ledger as <see cref="MaskProposed"/> (refiner <c>import:SOURCE</c>, provenance naming the
/// file and its SHA-256). Images are matched to stored frames by content hash (the file under the images folder), else by
/// original file name (one frame only; within <see cref="CocoImportRequest.Centre"/> when given). An image's annotations
/// are united into one mask. A frame that already holds that provenance with that mask gets nothing: re-importing a file
/// appends nothing. Unmatched images and malformed annotations are reported one by one; the rest go on.
/// </summary>
public sealed class CocoImporter(IDocumentStore store, TimeProvider clock)
{
    public async Task<CocoImportReport> ImportAsync(CocoImportRequest request, CancellationToken ct = default)
    {
        var bytes = await File.ReadAllBytesAsync(request.Input, ct);
        var fileSha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var refiner = $"import:{request.Source}";
        var provenance = $"{refiner}:{Path.GetFileName(request.Input)}@sha256:{fileSha[..16]}";
        var doc = CocoDocument.Parse(bytes);
        var problems = new List<string>(doc.Problems);
        var known = doc.Images.Select(i => i.Id).ToHashSet();
        problems.AddRange(doc.Annotations.Where(a => !known.Contains(a.ImageId)).Select(a => $"annotation {a.Id}: no image {a.ImageId} in the file"));
        var byImage = doc.Annotations.ToLookup(a => a.ImageId);
        var files = doc.Images.ToDictionary(i => i.Id, i => CocoFrameMatcher.HashOf(request.Images, i.FileName));

        await using var session = store.LightweightSession();
        var matcher = await CocoFrameMatcher.LoadAsync(session, doc.Images, files, request.Centre, ct);
        var (matched, appended, unchanged) = (0, 0, 0);
        var now = clock.GetUtcNow();
        foreach (var image in doc.Images)
        {
            var annotations = byImage[image.Id].ToList();
            if (annotations.Count == 0) continue; // nothing to propose for a frame without annotations
            var (frames, why) = matcher.Match(image, files[image.Id]);
            if (frames.Count == 0)
            {
                problems.Add($"image {image.Id} '{image.FileName}': {why}");
                continue;
            }
            matched++;
            if (Union(image, annotations, problems) is not { } mask) continue;
            var bounds = mask.Mask.Bounds();
            foreach (var frame in frames)
            {
                if ((frame.Width, frame.Height) != (image.Width, image.Height))
                {
                    problems.Add($"image {image.Id} '{image.FileName}': COCO says {image.Width}x{image.Height}, the stored frame is {frame.Width}x{frame.Height}");
                    continue;
                }
                var rle = mask.Mask.ToEventMask();
                if (frame.Masks.Any(m => m.Provenance == provenance && m.Rle == rle))
                {
                    unchanged++;
                    continue;
                }
                var box = bounds is { } b ? new FrameBox(b.X0, b.Y0, b.X1, b.Y1) : new FrameBox(0, 0, frame.Width, frame.Height);
                session.Events.Append(frame.Id, new MaskProposed(frame.Id, frame.ExaminationId, frame.CentreId, refiner, fileSha, provenance, box, rle,
                    request.Quality, mask.Note, provenance, now));
                appended++;
            }
        }
        await session.SaveChangesAsync(ct);
        return new CocoImportReport(fileSha, provenance, doc.Images.Count, matched, appended, unchanged, problems);
    }

    /// <summary>The union of an image's readable annotations (null when none is readable), and a note when boxes stood in for masks.</summary>
    private static (BinaryMask Mask, string? Note)? Union(CocoImage image, IReadOnlyList<CocoAnnotation> annotations, List<string> problems)
    {
        byte[]? union = null;
        var boxes = 0;
        foreach (var a in annotations)
        {
            try
            {
                var (mask, boxOnly) = CocoMasks.Decode(a, image);
                union ??= new byte[image.Width * image.Height];
                var pixels = mask.Pixels;
                for (var i = 0; i < union.Length; i++) union[i] |= pixels[i];
                if (boxOnly) boxes++;
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or System.Text.Json.JsonException or OverflowException)
            {
                problems.Add($"annotation {a.Id} of image {image.Id} '{image.FileName}': {e.Message}");
            }
        }
        if (union is null) return null;
        return (BinaryMask.FromValues(image.Width, image.Height, union), boxes > 0 ? $"{boxes} of the annotations were boxes only (filled)" : null);
    }
}
