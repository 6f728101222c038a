using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>
/// In demo mode (<c>./endoked up</c> without <c>--no-demo</c>): creates the demo accounts and, on an empty ledger,
/// generates and ingests the synthetic records, then runs the whole chain once (<see cref="DemoBootstrap"/>). The stage
/// reached is kept in <see cref="DemoState"/>, so a first start stopped at any point goes on at the next start. Runs in
/// the background so the portal answers at once.
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

            var state = DemoState.Read(options);
            if (state is null)
            {
                // No state: a ledger that already holds records (from before the demo kept its state, or ingested by
                // hand) is left alone; an empty one gets the demo.
                await using (var session = services.GetRequiredService<IDocumentStore>().QuerySession())
                    if (await session.Query<ExaminationView>().AnyAsync(stoppingToken)) return;
                state = new DemoState(DemoStages.Seeding, DateTimeOffset.UtcNow);
                state.Write(options);
            }
            if (state.Stage == DemoStages.Seeding)
            {
                await DemoRecords.SeedAsync(services, options, logger, stoppingToken);
                state = new DemoState(DemoStages.Seeded, DateTimeOffset.UtcNow);
                state.Write(options);
            }
            if (state.Stage == DemoStages.Seeded)
            {
                await DemoBootstrap.RunAsync(services, logger, stoppingToken);
                new DemoState(DemoStages.Bootstrapped, DateTimeOffset.UtcNow).Write(options);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The demo's first start stopped: {Reason} The next './endoked up' goes on where it stopped.", e.Message);
        }
    }
}
