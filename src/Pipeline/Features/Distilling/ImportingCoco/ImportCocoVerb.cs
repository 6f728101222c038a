using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Distilling.ImportingCoco;

/// <summary><c>endoked import-coco</c>: another tool's COCO masks enter the ledger as mask proposals, traceable to the file.</summary>
public sealed class ImportCocoVerb : IVerb
{
    public string Name => "import-coco";
    public string Summary => "append a COCO file's masks (RLE, polygons, boxes) to matching stored frames as mask proposals";
    public string Help => """
        Usage: ./endoked import-coco --input annotations.json --images DIR [--source NAME] [--centre ID] [--quality Q]

        Each COCO image is matched to stored frames by the SHA-256 of DIR/<file_name>, else by its original file name
        (one frame only; the image's "centre" field or --centre narrows it). Its annotations (compressed or plain RLE,
        polygons, or a bbox alone, filled) are united into one mask and appended as a MaskProposed event with refiner
        import:NAME (default coco), the provenance naming the file and its SHA-256, and quality Q (default 1.0).
        Importing the same file again appends nothing. Unmatched images and malformed annotations are listed one by
        one and the rest go on; the exit code is then 1.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(args.Required("input"));
        var images = Path.GetFullPath(args.Required("images"));
        var source = args.Optional("source") ?? "coco";
        var centre = args.Optional("centre");
        var quality = args.Optional("quality") is { } q
            ? double.TryParse(q, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 ? v
                : throw new UsageException($"--quality '{q}' is not a number in [0, 1].")
            : 1.0;
        args.EnsureAllRead();
        if (!File.Exists(input)) throw new UsageException($"--input {input} does not exist.");
        if (!Directory.Exists(images)) throw new UsageException($"--images {images} is not a folder.");
        if (source.Any(c => char.IsWhiteSpace(c) || c == ':')) throw new UsageException("--source must have no spaces or colons.");

        using var host = CliHost.Build();
        CocoImportReport report;
        try
        {
            report = await new CocoImporter(host.Services.GetRequiredService<IDocumentStore>(), TimeProvider.System)
                .ImportAsync(new CocoImportRequest(input, images, source, centre, quality), cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            await console.Error.WriteLineAsync($"endoked import-coco: {e.Message}");
            return 1;
        }
        foreach (var problem in report.Problems) await console.Error.WriteLineAsync($"  problem: {problem}");
        await console.Out.WriteLineAsync($"import-coco {report.Provenance}: {report.Images} images, {report.Matched} matched, " +
            $"{report.Appended} proposals appended, {report.Unchanged} already imported, {report.Problems.Count} problems");
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
