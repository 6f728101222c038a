using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.TrainingFrameScorers;

/// <summary>A frame-scorer run whose stored frames no longer decode fails with its reason, and registers and promotes nothing.</summary>
public sealed class MilRunFailureTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task A_run_that_cannot_train_is_recorded_as_failed_with_its_reason_and_promotes_nothing()
    {
        var root = TestPaths.NewTempDir("mil-broken");
        for (var p = 0; p < 8; p++)
            TestFrames.ExamFolder(root, $"e{p}", "report", $$"""{"patientId": "pat-{{p}}"}""", ("0.png", TestFrames.Png(seed: 900 + p)));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "broken", "test");
        await using (var session = ledger.Store.LightweightSession())
        {
            for (var p = 0; p < 8; p++)
            {
                var id = StableIds.Examination("broken", $"e{p}");
                session.Events.Append(id, new ExaminationLabelProposed(id, p % 2 == 0 ? PolypLabel.Present : PolypLabel.Absent, 0.95, "test",
                    [], ["rules"], false, "rules", DateTimeOffset.UtcNow));
            }
            await session.SaveChangesAsync();
        }
        var admin = AccessScope.All("admin");
        var (command, problem) = await MilRunRequestCheck.CheckAsync(ledger.Store, ledger.Files,
            new TrainingRunRequest(Kind: TrainingRunKinds.Mil, Epochs: 3, PromoteWhenDone: true), admin);
        Assert.Null(problem);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, MilRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        // The store was damaged after the request: every frame's blob now holds bytes that do not decode.
        await using (var query = ledger.Store.QuerySession())
            foreach (var image in await query.Query<ImageView>().Where(i => i.CentreId == "broken").ToListAsync())
            {
                var at = ledger.Files.Locate(image.Sha256)!;
                await using var blob = new FileStream(at.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                blob.Position = at.Offset;
                await blob.WriteAsync(new byte[at.Length]); // zeros where the JPEG was
            }
        await TrainMilHandler.Handle(new TrainMil(command.RunId), ledger.Store, ledger.Files, ledger.Options, new FrameLabelOptions(), TimeProvider.System);

        var run = (await new TrainingRunQueries(ledger.Store).GetAsync(command.RunId, admin))!;
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Contains("polyp-free examinations: both are needed", run.FailureReason);
        Assert.Null(run.ModelId);
        Assert.DoesNotContain(await new TrainingRunQueries(ledger.Store).ModelsAsync(admin), m => m.RunId == run.Id);
        Assert.Null((await new ModelPromotionCommands(ledger.Store, TimeProvider.System).ScorerAsync()).Current);
    }
}
