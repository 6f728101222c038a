using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.TrainingFrameScorers;

/// <summary>Cancel and resume of a frame-scorer run, as for the student: each on its own run of the same small ledger.</summary>
public sealed class MilRunControlTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    private async Task<Guid> RequestAsync(int epochs)
    {
        await using (var query = ledger.Store.QuerySession())
            if (!await query.Query<Pipeline.Features.Examinations.ExaminationView>().AnyAsync())
            {
                var root = TestPaths.NewTempDir("mil-control");
                for (var p = 0; p < 8; p++)
                    TestFrames.ExamFolder(root, $"e{p}", "report", $$"""{"patientId": "pat-{{p}}"}""", ("0.png", TestFrames.Png(seed: 700 + p)), ("1.png", TestFrames.Png(seed: 800 + p)));
                await ledger.Ingester().IngestAsync(FolderSource.Read(root), "control", "test");
                await using var session = ledger.Store.LightweightSession();
                for (var p = 0; p < 8; p++)
                {
                    var id = StableIds.Examination("control", $"e{p}");
                    session.Events.Append(id, new ExaminationLabelProposed(id, p % 2 == 0 ? PolypLabel.Present : PolypLabel.Absent, 0.95, "test",
                        [], ["rules"], false, "rules", DateTimeOffset.UtcNow));
                }
                await session.SaveChangesAsync();
            }
        var (command, problem) = await MilRunRequestCheck.CheckAsync(ledger.Store, ledger.Files,
            new TrainingRunRequest(Kind: TrainingRunKinds.Mil, Epochs: epochs, PromoteWhenDone: true), Admin);
        Assert.Null(problem);
        await using (var write = ledger.Store.LightweightSession())
        {
            write.Events.StartStream<TrainingRunView>(command!.RunId, MilRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await write.SaveChangesAsync();
        }
        return command.RunId;
    }

    private Task<TrainingRunView> RunAsync(Guid id) => new TrainingRunQueries(ledger.Store).GetAsync(id, Admin)!;

    private Task UntilEpochsAsync(Guid id, int epochs) =>
        Eventually.That(async () => (await RunAsync(id)).Epochs.Count >= epochs, $"the run records {epochs} epoch(s)", every: TimeSpan.FromMilliseconds(25));

    private MilRunWorker Worker() => new(ledger.Store, ledger.Files, ledger.Options, new FrameLabelOptions().ResNet18, TimeProvider.System);

    [Fact]
    public async Task A_cancelled_run_stops_between_epochs_and_registers_nothing()
    {
        var id = await RequestAsync(epochs: 1000);
        var training = Worker().RunAsync(id);
        await UntilEpochsAsync(id, 1);
        Assert.Null((await new TrainingRunCommands(ledger.Store, ledger.Files, null!, TimeProvider.System).CancelAsync(id, Admin)).Problem);
        await training.WaitAsync(TimeSpan.FromSeconds(60));

        var run = await RunAsync(id);
        Assert.Equal(TrainingRunStatus.Cancelled, run.Status);
        Assert.InRange(run.Epochs.Count, 1, 999);
        Assert.Null(run.ModelId);
    }

    [Fact]
    public async Task A_run_stopped_by_its_host_resumes_after_its_checkpoint_and_trains_no_epoch_twice()
    {
        var id = await RequestAsync(epochs: 300);
        using (var host = new CancellationTokenSource())
        {
            var first = Worker().RunAsync(id, host.Token);
            await UntilEpochsAsync(id, 2);
            await host.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        var stopped = await RunAsync(id);
        Assert.Equal(TrainingRunStatus.Running, stopped.Status);
        Assert.InRange(stopped.Epochs.Count, 2, 299);

        await Worker().RunAsync(id);
        var run = await RunAsync(id);
        Assert.Equal(TrainingRunStatus.Completed, run.Status);
        Assert.Equal(Enumerable.Range(1, 300), run.Epochs.Select(e => e.Epoch).Order());
        await using var query = ledger.Store.QuerySession();
        var starts = (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<TrainingRunStarted>().ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(stopped.Epochs.Count + 1, starts[1].FirstEpoch);
    }
}
