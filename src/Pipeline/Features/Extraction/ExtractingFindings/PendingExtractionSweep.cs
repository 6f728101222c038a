using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>
/// At start-up, queues ExtractFindings for every examination no extractor has read yet: those ingested from the
/// command line while no portal or worker ran. The handler skips work already done, so a second sweep costs little.
/// </summary>
public sealed class PendingExtractionSweep(IServiceProvider services, ILogger<PendingExtractionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var queued = await SweepAsync(services, "startup", stoppingToken);
            if (queued > 0) logger.LogInformation("Queued {Count} examination(s) whose reports were not read yet", queued);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not queue the unread examinations; they are read when next requested");
        }
    }

    /// <summary>Queues every examination still in status Ingested; returns how many.</summary>
    public static async Task<int> SweepAsync(IServiceProvider services, string requestedBy, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using var scope = services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        // Ids only (16 bytes each): even a million fit, and the list does not shift while handlers change statuses.
        IReadOnlyList<Guid> pending;
        await using (var session = store.QuerySession())
            pending = await session.Query<ExaminationView>()
                .Where(x => x.Status == ExaminationStatus.Ingested).Select(x => x.Id).ToListAsync(ct);
        foreach (var id in pending)
            await bus.PublishAsync(new ExtractFindings(id, requestedBy));
        return pending.Count;
    }
}
