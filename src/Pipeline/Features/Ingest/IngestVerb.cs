using System.IO.Compression;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Ingest;

public sealed class IngestVerb : IVerb
{
    public string Name => "ingest";
    public string Summary => "add a centre's records (folder per examination, manifest.csv, or .zip) to the ledger";
    public string Help => """
        Usage: ./endoked ingest --centre NAME --input DIR|FILE.zip [--actor NAME]

        DIR holds one folder per examination: report.txt (UTF-8), optional pathology.txt, optional exam.json
        ({"patientId": "...", "date": "yyyy-MM-dd", "metadata": {...}}) and frames (.jpg .jpeg .png .bmp .tif .tiff).
        A DIR with manifest.csv is read as a table instead: columns exam_id, report, pathology, patient_id, date, frames
        (frame paths relative to the manifest, separated by ';'). A .zip holds the folder layout.

        Ingesting the same records again adds nothing (stream ids come from the centre and the folder name, frame ids
        from the SHA-256 of the bytes); new frames of a known examination are added to it. Every rejected item is listed
        with its reason and everything else is ingested. Exit code: 0 when nothing was rejected, 1 when something was
        (or the run failed), 2 for bad usage.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var centre = args.Required("centre");
        var input = args.Required("input");
        var actor = args.Optional("actor") ?? "cli:" + Environment.UserName;
        args.EnsureAllRead();
        if (!CentreIds.IsValidId(centre))
            throw new UsageException($"'{centre}' is not a valid centre id: use lower-case letters, digits, '-' and '_' (e.g. centre-a).");
        if (!Directory.Exists(input) && !File.Exists(input))
            throw new UsageException($"--input '{input}' does not exist.");

        using var host = CliHost.Build();
        var ingester = host.Services.GetRequiredService<RecordIngester>();
        var limits = host.Services.GetRequiredService<IngestLimits>();

        IngestSummary summary;
        if (File.Exists(input))
        {
            if (!input.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                throw new UsageException("--input must be a folder or a .zip file.");
            using var zip = ZipFile.OpenRead(input);
            summary = await ingester.IngestAsync(ZipSource.Read(zip, limits),
                centre, actor, Report(console), cancellationToken);
        }
        else
        {
            summary = await ingester.IngestAsync(FolderSource.Read(input), centre, actor, Report(console), cancellationToken);
        }

        foreach (var line in summary.Lines()) await console.Out.WriteLineAsync(line);
        if (summary.Rejected.Count == 0) return 0;
        await console.Error.WriteLineAsync($"ingest finished with {summary.Rejected.Count} rejected item(s); everything else was ingested.");
        return 1;
    }

    private static Func<IngestProgress, Task> Report(CliConsole console) => p =>
        console.Error.WriteLineAsync($"  {p.RecordsDone}/{p.RecordsTotal} examinations, {p.FramesAdded} frames added");
}
