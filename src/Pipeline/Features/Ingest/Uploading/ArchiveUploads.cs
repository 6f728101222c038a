using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Ingest.Uploading;

/// <summary>
/// Accepts an uploaded zip: stores it in the file store, records a queued job and sends <see cref="IngestArchive"/>.
/// The caller (a page or the API) returns at once; the queue does the work.
/// </summary>
public sealed class ArchiveUploads(IFileStore files, IDocumentStore store, IMessageBus bus, IngestLimits limits, TimeProvider clock)
{
    public async Task<IngestJob> AcceptAsync(Stream zip, string fileName, string centreId, string actor, CancellationToken ct)
    {
        if (!CentreIds.IsValidId(centreId))
            throw new ArgumentException($"'{centreId}' is not a valid centre id (lower-case letters, digits, '-' and '_').");
        var blob = await files.PutStreamAsync(zip, limits.MaxArchiveBytes, ct);
        var job = new IngestJob
        {
            Id = Guid.NewGuid(), CentreId = centreId, FileName = Path.GetFileName(fileName), ArchiveSha256 = blob.Sha256,
            Actor = actor, RequestedAt = clock.GetUtcNow(), State = IngestJobState.Queued,
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(job);
            await session.SaveChangesAsync(ct);
        }
        await bus.SendAsync(new IngestArchive(job.Id, blob.Sha256, centreId, actor));
        return job;
    }

    public async Task<IngestJob?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IngestJob>(id, ct);
    }

    public async Task<IReadOnlyList<IngestJob>> RecentAsync(int count, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<IngestJob>().OrderByDescending(j => j.RequestedAt).Take(count).ToListAsync(ct);
    }
}
