using System.Text.Json;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.Exporting;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.Exporting;

/// <summary>Each export format on the tiny labelled ledger (12 usable frames in two centres, 6 examinations).</summary>
public sealed class DatasetExportTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await DistillingLedger.SeedOnceAsync(ledger);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> ExportAsync(string format, Guid? split = null, string[]? centres = null)
    {
        var output = TestPaths.NewTempDir("export-" + format);
        await new DatasetExport(ledger.Store, ledger.Files, TimeProvider.System).RunAsync(new ExportRequest(format, output, split, centres));
        return output;
    }

    [Fact]
    public async Task Coco_holds_every_usable_frame_with_an_rle_mask_that_decodes_to_the_stored_mask_and_its_box()
    {
        var output = await ExportAsync("coco");
        using var coco = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "annotations.json")));
        var images = coco.RootElement.GetProperty("images").EnumerateArray().ToList();
        var annotations = coco.RootElement.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(12, images.Count);
        Assert.Equal(12, annotations.Count);
        Assert.Equal("polyp", coco.RootElement.GetProperty("categories")[0].GetProperty("name").GetString());
        var first = annotations[0];
        var seg = first.GetProperty("segmentation");
        var mask = CocoRle.FromCompressedString(seg.GetProperty("size")[0].GetInt32(), seg.GetProperty("size")[1].GetInt32(),
            seg.GetProperty("counts").GetString()!).Decode();
        var box = mask.Bounds()!.Value;
        Assert.Equal([box.X0, box.Y0, box.X1 - box.X0, box.Y1 - box.Y0], first.GetProperty("bbox").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(mask.Area, first.GetProperty("area").GetInt32());
        Assert.True(File.Exists(Path.Combine(output, "images", images[0].GetProperty("file_name").GetString()!)));
        var card = await File.ReadAllTextAsync(Path.Combine(output, "README.md"));
        Assert.Contains("| centre-a | 6 | 6 |", card);
        Assert.Contains("| machine | 6 |", card);
    }

    [Fact]
    public async Task Yolo_polygons_outline_the_mask_and_a_split_sorts_frames_into_its_parts()
    {
        var drafted = await ledger.DraftSplitNowAsync(
            new SplitRequest(TrainFraction: 0.5, ValidationFraction: 0.25, TestFraction: 0.25, Seed: 3), AccessScope.All("admin"));
        var output = await ExportAsync("yolo", drafted.Id);
        var labels = Directory.GetFiles(Path.Combine(output, "labels"), "*.txt", SearchOption.AllDirectories);
        Assert.Equal(12, labels.Length);
        Assert.Contains(Path.Combine(output, "labels", "train"), labels.Select(Path.GetDirectoryName));
        var line = Assert.Single(await File.ReadAllLinesAsync(labels[0]));
        var values = line.Split(' ').Skip(1).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.StartsWith("0 ", line);
        Assert.True(values.Count >= 6 && values.Count % 2 == 0);
        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.Contains("train: images/train", await File.ReadAllTextAsync(Path.Combine(output, "dataset.yaml")));
        Assert.Contains(drafted.Id!.Value.ToString(), await File.ReadAllTextAsync(Path.Combine(output, "README.md")));
    }

    [Fact]
    public async Task Yolo_without_a_split_names_only_train_in_dataset_yaml_and_no_val_or_test_pointing_at_the_same_frames()
    {
        var output = await ExportAsync("yolo");

        var yaml = await File.ReadAllLinesAsync(Path.Combine(output, "dataset.yaml"));
        Assert.Contains("train: images", yaml);
        Assert.DoesNotContain(yaml, l => l.StartsWith("val:", StringComparison.Ordinal) || l.StartsWith("test:", StringComparison.Ordinal));
        Assert.Equal(12, Directory.GetFiles(Path.Combine(output, "images")).Length);
    }

    [Fact]
    public void Yolo_dataset_yaml_names_each_part_of_a_split_under_its_yolo_key_and_leaves_out_a_missing_one()
    {
        var yaml = DatasetWriters.YoloDatasetYaml(["train", "validation", "train"]);

        Assert.Contains("train: images/train\n", yaml);
        Assert.Contains("val: images/validation\n", yaml);
        Assert.DoesNotContain("test:", yaml);
    }

    [Fact]
    public async Task Mask_pngs_are_the_frames_size_and_centres_narrow_the_export()
    {
        var output = await ExportAsync("masks", centres: ["centre-b"]);
        var masks = Directory.GetFiles(Path.Combine(output, "masks"));
        Assert.Equal(6, masks.Length);
        var (mask, problem) = new FrameLoader().LoadMask(masks[0]);
        Assert.Null(problem);
        Assert.Equal((DistillingLedger.Width, DistillingLedger.Height), (mask!.Width, mask.Height));
        Assert.False(mask.IsEmpty);
    }

    [Fact]
    public async Task The_findings_csv_has_one_row_per_examination_of_the_chosen_centres()
    {
        var output = await ExportAsync("findings-csv", centres: ["centre-a"]);
        var lines = await File.ReadAllLinesAsync(Path.Combine(output, DatasetExport.FindingsFile));
        Assert.Equal(FindingsCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("centre-a,pat-", l));
    }
}
