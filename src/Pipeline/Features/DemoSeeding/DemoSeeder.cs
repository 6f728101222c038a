using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>
/// In demo mode (<c>./endoked up</c> without <c>--no-demo</c>): creates the demo accounts and, when the ledger holds no
/// examinations, generates the synthetic records and ingests them. Runs in the background so the portal answers at once.
/// </summary>
public sealed class DemoSeeder(IServiceProvider services, EndoKedOptions options, ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.SeedDemo) return;
        try
        {
            var created = await DemoAccounts.SeedAsync(services.GetRequiredService<Accounts.Accounts>(), stoppingToken);
            if (created > 0)
                logger.LogWarning("Demo accounts created: {Users} (password '{Password}')",
                    string.Join(", ", DemoAccounts.All.Select(a => a.User)), DemoAccounts.Password);
            await DemoRecords.SeedIfEmptyAsync(services, options, logger, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Seeding the demo failed; the portal runs without it. Restart './endoked up' to try again.");
        }
    }
}
