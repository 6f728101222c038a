using System.IO.Compression;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Pipeline.Features.Ingest.Uploading;

/// <summary>Ingest an uploaded zip (already in the file store) for one centre. Queued, so the upload page returns at once.</summary>
public sealed record IngestArchive(Guid JobId, string ArchiveSha256, string CentreId, string Actor);

public enum IngestJobState { Queued, Running, Done, Failed }

/// <summary>The state of one upload, for the page that shows it (a document: it is bookkeeping, not a label).</summary>
public sealed record IngestJob
{
    public Guid Id { get; init; }
    public string CentreId { get; init; } = "";
    public string FileName { get; init; } = "";
    public string ArchiveSha256 { get; init; } = "";
    public string Actor { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public IngestJobState State { get; init; }
    public int RecordsDone { get; init; }
    public int RecordsTotal { get; init; }
    public IReadOnlyList<string> Summary { get; init; } = [];
    public int RejectedCount { get; init; }
}

public static class IngestArchiveHandler
{
    public static async Task Handle(
        IngestArchive message, IDocumentStore store, IFileStore files, RecordIngester ingester, IngestLimits limits,
        TimeProvider clock, IMessageBus bus, ILogger<IngestArchive> logger, CancellationToken ct)
    {
        await UpdateAsync(store, message.JobId, j => j with { State = IngestJobState.Running }, ct);
        try
        {
            await using var stream = files.OpenRead(message.ArchiveSha256)
                ?? throw new FileNotFoundException("The uploaded archive is no longer in the file store; upload it again.");
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var batch = ZipSource.Read(zip, limits);
            // Progress comes once per committed batch of examinations.
            var summary = await ingester.IngestAsync(batch, message.CentreId, message.Actor, p =>
                UpdateAsync(store, message.JobId, j => j with { RecordsDone = p.RecordsDone, RecordsTotal = p.RecordsTotal }, ct), ct);
            // The next stage: every new report is read (queued, so the upload finishes first).
            foreach (var id in summary.AddedExaminationIds)
                await bus.PublishAsync(new ExtractFindings(id, message.Actor));
            await UpdateAsync(store, message.JobId, j => j with
            {
                State = IngestJobState.Done, FinishedAt = clock.GetUtcNow(), Summary = summary.Lines().ToList(),
                RejectedCount = summary.Rejected.Count, RecordsDone = batch.Records.Count, RecordsTotal = batch.Records.Count,
            }, ct);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or ArgumentException)
        {
            logger.LogWarning(e, "Archive {Sha} could not be ingested", message.ArchiveSha256);
            await UpdateAsync(store, message.JobId, j => j with
            {
                State = IngestJobState.Failed, FinishedAt = clock.GetUtcNow(),
                Summary = [$"The archive could not be read: {e.Message} Check that it is a .zip of examination folders and upload it again."],
            }, ct);
        }
    }

    private static async Task UpdateAsync(IDocumentStore store, Guid id, Func<IngestJob, IngestJob> change, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var job = await session.LoadAsync<IngestJob>(id, ct);
        if (job is null) return;
        session.Store(change(job));
        await session.SaveChangesAsync(ct);
    }
}
