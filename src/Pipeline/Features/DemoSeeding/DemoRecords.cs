using EndoKED.Pipeline.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>Generates the synthetic multi-centre records and ingests them, once (when the ledger has no examination).</summary>
public static class DemoRecords
{
    public static Task SeedIfEmptyAsync(IServiceProvider services, EndoKedOptions options, ILogger logger, CancellationToken ct)
    {
        logger.LogInformation("Synthetic demo records arrive with the demo generator; only accounts were seeded.");
        return Task.CompletedTask;
    }
}
