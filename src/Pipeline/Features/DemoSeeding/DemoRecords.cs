using EndoKED.Pipeline.Features.Demo.Generating;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>Generates the synthetic multi-centre records and ingests them, once (when the ledger has no examination).</summary>
public static class DemoRecords
{
    public const string Actor = "demo-seed";

    public static async Task<int> SeedIfEmptyAsync(IServiceProvider services, EndoKedOptions options, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using (var session = store.QuerySession())
            if (await session.Query<ExaminationView>().AnyAsync(ct))
                return 0;

        var folder = Path.Combine(options.DataRoot, "..", "demo-source");
        logger.LogWarning("Seeding the synthetic demo into the empty ledger (records written to {Folder})", Path.GetFullPath(folder));
        var summary = await Task.Run(() => DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = folder }, ct), ct);
        var ingester = services.GetRequiredService<RecordIngester>();
        var added = 0;
        await using var scope = services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetService<IMessageBus>();
        foreach (var centre in summary.Centres)
        {
            var result = await ingester.IngestAsync(FolderSource.Read(centre.Directory), centre.Centre, Actor, null, ct);
            added += result.ExaminationsAdded;
            if (bus is not null)
                foreach (var id in result.AddedExaminationIds)
                    await bus.PublishAsync(new ExtractFindings(id, Actor));
            if (result.Rejected.Count > 0)
                logger.LogWarning("Demo ingest of {Centre} rejected {Count} item(s): {First}", centre.Centre, result.Rejected.Count, result.Rejected[0]);
        }
        logger.LogWarning("Demo seeded: {Exams} examinations, {Frames} frames in 3 centres", added, summary.Frames);
        return added;
    }
}
