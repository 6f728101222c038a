using System.Text.Json.Nodes;
using EndoKED.Pipeline.Features.Distilling.Exporting;
using EndoKED.Pipeline.Features.Distilling.ImportingCoco;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Models.Masks;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.ImportingCoco;

/// <summary>Export → import into a fresh ledger holding the same frames without labels → the same masks, once.</summary>
public sealed class CocoImportTests(LedgerFixture source) : IClassFixture<LedgerFixture>
{
    private static readonly string[] Centres = ["centre-a", "centre-b"];

    [Fact]
    public async Task An_exported_coco_file_imports_into_a_fresh_ledger_as_the_same_masks_and_a_second_import_appends_nothing()
    {
        await DistillingLedger.SeedAsync(source.Store, (f, c) => source.Ingester().IngestAsync(FolderSource.Read(f), c, "test"), Centres, 2);
        var output = TestPaths.NewTempDir("coco-roundtrip");
        var exported = await new DatasetExport(source.Store, source.Files, TimeProvider.System).RunAsync(new ExportRequest("coco", output));
        var target = new LedgerFixture();
        await target.InitializeAsync();
        try
        {
            await DistillingLedger.SeedAsync(target.Store, (f, c) => target.Ingester().IngestAsync(FolderSource.Read(f), c, "test"), Centres, 2, labels: false);
            var importer = new CocoImporter(target.Store, TimeProvider.System);
            var request = new CocoImportRequest(Path.Combine(output, "annotations.json"), Path.Combine(output, "images"), "roundtrip");

            var first = await importer.ImportAsync(request);
            Assert.Empty(first.Problems);
            var withMask = exported.Frames.Where(f => !f.Label.Mask.Decode().IsEmpty).ToList();
            Assert.Equal((withMask.Count, withMask.Count, 0), (first.Matched, first.Appended, first.Unchanged));
            await using (var session = target.Store.QuerySession())
            {
                foreach (var f in withMask)
                {
                    var frame = Assert.Single(await session.Query<ImageView>().Where(i => i.Sha256 == f.Image.Sha256).ToListAsync());
                    var proposal = Assert.Single(frame.Masks);
                    Assert.Equal(("import:roundtrip", first.FileSha256), (proposal.Refiner, proposal.RefinerVersion));
                    Assert.Contains("annotations.json@sha256:", proposal.Provenance);
                    Assert.Equal(f.Label.Mask.Decode(), proposal.Rle.Decode());
                }
            }

            var again = await importer.ImportAsync(request);
            Assert.Equal((0, withMask.Count), (again.Appended, again.Unchanged));

            // A damaged copy: an image that matches nothing and a malformed polygon; the rest still imports (new provenance).
            var json = JsonNode.Parse(await File.ReadAllTextAsync(request.Input))!;
            json["images"]!.AsArray().Add(new JsonObject { ["id"] = 999, ["file_name"] = "missing.png", ["width"] = 96, ["height"] = 80 });
            json["annotations"]!.AsArray().Add(new JsonObject { ["id"] = 998, ["image_id"] = 999, ["bbox"] = new JsonArray(1, 1, 5, 5) });
            json["annotations"]!.AsArray().Add(new JsonObject { ["id"] = 997, ["image_id"] = 1, ["segmentation"] = new JsonArray(new JsonArray(1, 2, 3)) });
            var damaged = Path.Combine(output, "damaged.json");
            await File.WriteAllTextAsync(damaged, json.ToJsonString());
            var partial = await importer.ImportAsync(request with { Input = damaged, Source = "damaged" });
            Assert.Equal(2, partial.Problems.Count);
            Assert.Contains(partial.Problems, p => p.Contains("missing.png", StringComparison.Ordinal));
            Assert.Contains(partial.Problems, p => p.Contains("annotation 997", StringComparison.Ordinal) && p.Contains("three x,y pairs", StringComparison.Ordinal));
            Assert.Equal(withMask.Count, partial.Appended);
        }
        finally
        {
            await target.DisposeAsync();
        }
    }

    [Fact]
    public void Polygons_plain_rle_and_boxes_decode_at_the_image_size()
    {
        var image = new CocoImage(1, "a.png", 6, 4, null);
        var polygon = Annotation("""{"segmentation": [[1, 1, 4, 1, 4, 3, 1, 3]]}""");
        var (square, boxOnly) = CocoMasks.Decode(polygon, image);
        Assert.False(boxOnly);
        Assert.Equal((1, 1, 5, 4), square.Bounds()); // the outline's pixels are filled too

        // Column-major runs: 4 background (column 0), 2 foreground (column 1, rows 0-1), the remaining 18 background.
        var (plain, _) = CocoMasks.Decode(Annotation("""{"segmentation": {"size": [4, 6], "counts": [4, 2, 18]}}"""), image);
        Assert.Equal(BinaryMask.FromPredicate(6, 4, (x, y) => x == 1 && y < 2), plain);

        var (box, fromBox) = CocoMasks.Decode(Annotation("""{"bbox": [2, 1, 3, 2]}"""), image);
        Assert.True(fromBox);
        Assert.Equal(6, box.Area);
        Assert.Throws<FormatException>(() => CocoMasks.Decode(Annotation("""{"segmentation": {"size": [4, 6], "counts": [4, 2]}}"""), image));
    }

    private static CocoAnnotation Annotation(string json)
    {
        var doc = CocoDocument.Parse(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"images": [{"id": 1, "file_name": "a.png", "width": 6, "height": 4}], "annotations": [{"id": 1, "image_id": 1, {{json[1..^1]}}}]}"""));
        return Assert.Single(doc.Annotations);
    }
}
