using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary><c>endoked export</c>: the ledger's labelled frames (or one split's) as a dataset other tools read.</summary>
public sealed class ExportVerb : IVerb
{
    public string Name => "export";
    public string Summary => "write the labelled frames as COCO, YOLO, mask PNGs, or the findings as CSV, with a dataset card";
    public string Help => """
        Usage: ./endoked export --format coco|yolo|masks|findings-csv --output DIR [--split ID] [--centres a,b] [--min-quality Q]

        Frames with a final (consensus or adjudicated) mask, or a machine mask when no final label exists, are exported
        with their frames under DIR/images/[part/], named by image id:
          coco          DIR/annotations.json: images, annotations (compressed RLE segmentation, bbox, area), category polyp
          yolo          DIR/labels/[part/]ID.txt (class 0 and normalised polygons of the mask contours), DIR/dataset.yaml
          masks         DIR/masks/[part/]ID.png (0/255, the frame's size)
          findings-csv  DIR/findings.csv: one row per examination (centre, patient, label, count, segments,
                        largest size, pathology, extractor versions)
        --split ID keeps that split's members and sorts them into train/validation/test; --centres narrows to centres;
        machine masks below --min-quality (default 0.5) are left out.
        DIR/README.md (the dataset card) lists sources, counts per centre, label provenance and the split's hash.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var format = args.OneOf("format", "", [.. ExportRequest.Formats]);
        var output = Path.GetFullPath(args.Required("output"));
        Guid? split = args.Optional("split") is { } s ? Guid.TryParse(s, out var id) ? id : throw new UsageException($"--split '{s}' is not an id.") : null;
        var centres = args.Optional("centres")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var quality = args.Optional("min-quality") is { } q
            ? double.TryParse(q, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
                : throw new UsageException($"--min-quality '{q}' is not a number.")
            : 0.5;
        args.EnsureAllRead();
        using var host = CliHost.Build();
        var export = new DatasetExport(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<IFileStore>(), TimeProvider.System);
        var set = await export.RunAsync(new ExportRequest(format, output, split, centres, quality), cancellationToken);
        await console.Out.WriteLineAsync($"export {format}: {set.Frames.Count} frames, {set.Examinations.Count} examinations -> {output}");
        return 0;
    }
}
