using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

/// <summary>
/// A frozen split may have no validation frame (a small ledger, or fractions that leave none): the run still trains and
/// completes, its epochs recording no validation Dice rather than a NaN that no event can hold.
/// </summary>
public sealed class TrainingWithoutValidationTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    public Task InitializeAsync() => DistillingLedger.SeedOnceAsync(ledger);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_split_without_validation_frames_trains_to_completion_with_no_validation_dice_recorded()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        var drafted = await ledger.DraftSplitNowAsync(new SplitRequest(Name: "no-validation", TrainFraction: 0.7, ValidationFraction: 0, TestFraction: 0.3, Seed: 3), Admin);
        Assert.Null(drafted.Problem);
        Assert.Null((await new SplitCommands(ledger.Store, null!, TimeProvider.System).FreezeAsync(drafted.Id!.Value, Admin)).Problem);
        var split = (await new SplitQueries(ledger.Store, ledger.Files).GetAsync(drafted.Id.Value, Admin))!;
        Assert.Equal(0, split.Validation);
        Assert.True(split.Train > 0 && split.Test > 0, $"train {split.Train}, test {split.Test}");
        var (command, problem) = await TrainingRunCommands.CheckAsync(ledger.Store,
            new TrainingRunRequest(split.Id, Epochs: 2, Size: 64, BaseChannels: 8, Levels: 3, BatchSize: 4), Admin);
        Assert.Null(problem);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, TrainingRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await TrainStudentHandler.Handle(new TrainStudent(command.RunId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);

        var run = (await new TrainingRunQueries(ledger.Store).GetAsync(command.RunId, Admin))!;
        Assert.True(run.Status == TrainingRunStatus.Completed, run.FailureReason);
        Assert.Equal([1, 2], run.Epochs.Select(e => e.Epoch));
        Assert.All(run.Epochs, e => Assert.Null(e.ValDice));
        Assert.All(run.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        await using var query = ledger.Store.QuerySession();
        var epochs = (await query.Events.FetchStreamAsync(run.Id)).Select(e => e.Data).OfType<TrainingEpochCompleted>().ToList();
        Assert.Equal(2, epochs.Count);
        Assert.All(epochs, e => Assert.Null(e.ValDice));
    }
}
