using EndoKED.Pipeline.Features.Demo.Generating;
using EndoKED.Pipeline.Features.DemoSeeding;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndoKED.Portal.Tests.Features.DemoSeeding;

/// <summary>A demo portal of two examinations per centre on a given schema and data folder.</summary>
public sealed class SmallDemoPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EndoKED:SeedDemo", "true");
        builder.UseSetting("EndoKED:DemoExaminationsPerCentre", "2");
    }
}

public sealed class FirstStartResumeTests
{
    [Fact]
    public async Task A_first_start_stopped_half_way_through_generation_and_ingest_goes_on_at_the_next_start()
    {
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var data = Path.Combine(Path.GetTempPath(), "endoked-tests", "demo-resume-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(data, "demo-source");
        var options = new EndoKedOptions { DataRoot = Path.Combine(data, "files") };

        // The stopped start: one centre already ingested, the state says seeding, and the records folder was being
        // rewritten when the process died (the generator's manifest marked incomplete, one examination half-written).
        var earlier = Path.Combine(Path.GetTempPath(), "endoked-tests", "demo-earlier-" + Guid.NewGuid().ToString("N"));
        var first = DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = earlier, ExaminationsPerCentre = 2 });
        using (var stopped = new PortalFactory { Schema = schema, DataRoot = data, KeepSchema = true })
        {
            stopped.Start();
            await stopped.IngestAsync(first.Centres[0].Directory, first.Centres[0].Centre);
        }
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            Assert.ThrowsAny<OperationCanceledException>(() => DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = source, ExaminationsPerCentre = 2 }, cancelled.Token));
        }
        Directory.CreateDirectory(Path.Combine(source, "centre-a", "half-written"));
        await File.WriteAllTextAsync(Path.Combine(source, "centre-a", "half-written", "report.txt"), "A polyp in the");
        new DemoState(DemoStages.Seeding, DateTimeOffset.UtcNow).Write(options);

        using var next = new SmallDemoPortal { Schema = schema, DataRoot = data };
        next.Start();
        var store = next.Services.GetRequiredService<IDocumentStore>();
        var exams = await Eventually.Returns(async () =>
        {
            await using var session = store.QuerySession();
            return await session.Query<ExaminationView>().CountAsync();
        }, n => n >= 6 && DemoState.Read(options)!.Stage != DemoStages.Seeding, "the resumed seeding ingests every examination",
            TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(500));

        Assert.Equal(6, exams);
        Assert.NotEqual(DemoStages.Seeding, DemoState.Read(options)!.Stage);
        Assert.False(Directory.Exists(Path.Combine(source, "centre-a", "half-written")));
        Assert.NotNull(DemoRecordsGenerator.CompleteCentres(source, new DemoOptions { OutputDirectory = source, ExaminationsPerCentre = 2 }));
    }

    [Fact]
    public async Task A_ledger_that_already_holds_records_without_a_demo_state_is_left_alone()
    {
        var data = Path.Combine(Path.GetTempPath(), "endoked-tests", "demo-leave-" + Guid.NewGuid().ToString("N"));
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var earlier = DemoRecordsGenerator.Generate(new DemoOptions { OutputDirectory = Path.Combine(data, "own"), ExaminationsPerCentre = 2 });
        using (var own = new PortalFactory { Schema = schema, DataRoot = data, KeepSchema = true })
        {
            own.Start();
            await own.IngestAsync(earlier.Centres[1].Directory, "own-centre");
        }
        using var demo = new SmallDemoPortal { Schema = schema, DataRoot = data };
        demo.Start();
        // The seeder has finished (with nothing to do): its task is the signal, not a wait.
        var seeder = demo.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
        await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(await demo.Services.GetRequiredService<EndoKED.Pipeline.Features.Accounts.Accounts>().FindAsync("clinician-b"));
        await using var session = demo.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(["own-centre"], await session.Query<ExaminationView>().Select(e => e.CentreId).Distinct().ToListAsync());
        Assert.Null(DemoState.Read(new EndoKedOptions { DataRoot = Path.Combine(data, "files") }));
        Assert.False(Directory.Exists(Path.Combine(data, "demo-source")));
    }

    [Fact]
    public async Task A_first_start_stopped_after_the_frame_scorer_completed_promotes_it_and_starts_the_run_without_training_again()
    {
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        var data = Path.Combine(Path.GetTempPath(), "endoked-tests", "demo-boot-" + Guid.NewGuid().ToString("N"));
        var options = new EndoKedOptions { DataRoot = Path.Combine(data, "files") };
        var records = DemoRecordsGenerator.Generate(new DemoOptions
        {
            OutputDirectory = Path.Combine(data, "demo-source"), ExaminationsPerCentre = 2,
        });
        var (runId, modelId) = (Guid.NewGuid(), Guid.NewGuid());
        using (var stopped = new PortalFactory { Schema = schema, DataRoot = data, KeepSchema = true })
        {
            stopped.Start();
            foreach (var centre in records.Centres) await stopped.IngestAsync(centre.Directory, centre.Centre);
            // The stop came between the run's completion and the bootstrap's next look: registered, not promoted.
            var configuration = new MilConfiguration(1, 1e-3, 4, 17, 0.5, 0.8, 0.25, PromoteWhenDone: false);
            await using var session = stopped.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Events.StartStream<TrainingRunView>(runId,
                new MilRunRequested(runId, null, null, "manifest", configuration, "rule", "draw", [], "test", 1, DemoBootstrap.Actor, DateTimeOffset.UtcNow),
                new MilRunCompleted(runId, modelId, "mil-test+1", "sha", 0, 0.5, [], "mil-trainer", DateTimeOffset.UtcNow));
            session.Events.StartStream<ModelView>(modelId, new MilModelRegistered(modelId, "mil-test+1", "sha",
                EndoKED.Pipeline.Models.ResNet18.ResNet18Features.ModelVersion, 0.5, runId, null, "manifest", 1, configuration, "rule", "draw",
                [], [], "test", "mil-trainer", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        new DemoState(DemoStages.Seeded, DateTimeOffset.UtcNow).Write(options);

        using var next = new SmallDemoPortal { Schema = schema, DataRoot = data };
        next.Start();
        var seeder = next.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
        await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(DemoStages.Bootstrapped, DemoState.Read(options)!.Stage);
        await using var query = next.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(modelId, (await query.LoadAsync<FrameScorerView>(FrameScorerView.StreamId))!.Current!.ModelId);
        Assert.Equal([runId], await query.Query<TrainingRunView>().Select(r => r.Id).ToListAsync());
        var run = Assert.Single(await query.Query<PipelineRunView>().ToListAsync());
        Assert.Equal((DemoBootstrap.Actor, modelId), (run.RequestedBy, run.FrameScorer!.ModelId));
    }
}
