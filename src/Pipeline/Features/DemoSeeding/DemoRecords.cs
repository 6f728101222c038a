using EndoKED.Pipeline.Features.Demo.Generating;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>
/// Generates the synthetic multi-centre records (unless a complete generation with the same settings is there) and
/// ingests every centre. Both steps may be repeated after a stop: the generator replaces its own half-written folder,
/// and ingest adds only what the ledger lacks. Examinations whose reports nobody read yet are queued for extraction.
/// </summary>
public static class DemoRecords
{
    public const string Actor = "demo-seed";

    public static async Task<int> SeedAsync(IServiceProvider services, EndoKedOptions options, ILogger logger, CancellationToken ct)
    {
        var folder = Path.GetFullPath(Path.Combine(options.DataRoot, "..", "demo-source"));
        var demo = new DemoOptions { OutputDirectory = folder, ExaminationsPerCentre = options.DemoExaminationsPerCentre };
        var centres = DemoRecordsGenerator.CompleteCentres(folder, demo);
        if (centres is null)
        {
            logger.LogWarning("Generating the synthetic demo records in {Folder}", folder);
            var summary = await Task.Run(() => DemoRecordsGenerator.Generate(demo, ct), ct);
            centres = [.. summary.Centres.Select(c => c.Centre)];
        }

        var ingester = services.GetRequiredService<RecordIngester>();
        var added = 0;
        foreach (var centre in centres)
        {
            var result = await ingester.IngestAsync(FolderSource.Read(Path.Combine(folder, centre)), centre, Actor, null, ct);
            added += result.ExaminationsAdded;
            if (result.Rejected.Count > 0)
                logger.LogWarning("Demo ingest of {Centre} rejected {Count} item(s): {First}", centre, result.Rejected.Count, result.Rejected[0]);
        }
        var queued = await PendingExtractionSweep.SweepAsync(services, Actor, ct);
        logger.LogWarning("Demo seeded: {Added} examinations added in {Centres} centres; {Queued} queued for extraction", added, centres.Count, queued);
        return added;
    }
}
