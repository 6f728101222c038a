using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

/// <summary>A training run that a crash interrupts resumes from its checkpoint; one that cannot train says why.</summary>
public sealed class TrainingRunRecoveryTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        await DistillingLedger.SeedOnceAsync(ledger);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> RequestAsync(int epochs, Func<TrainingConfiguration, TrainingConfiguration>? tamper = null)
    {
        var splits = new SplitCommands(ledger.Store, null!, TimeProvider.System); // freezing needs no message bus
        var drafted = await ledger.DraftSplitNowAsync(new SplitRequest(Name: "recovery", TrainFraction: 0.5, ValidationFraction: 0.25, TestFraction: 0.25, Seed: 5), Admin);
        Assert.Null(drafted.Problem);
        Assert.Null((await splits.FreezeAsync(drafted.Id!.Value, Admin)).Problem);
        var (command, problem) = await TrainingRunCommands.CheckAsync(ledger.Store,
            new TrainingRunRequest(drafted.Id.Value, Epochs: epochs, Size: 64, BaseChannels: 8, Levels: 3, BatchSize: 4), Admin);
        Assert.Null(problem);
        var requested = TrainingRunRequestCheck.Requested(command!, DateTimeOffset.UtcNow);
        if (tamper is not null) requested = requested with { Configuration = tamper(requested.Configuration) };
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream<TrainingRunView>(command!.RunId, requested);
        await session.SaveChangesAsync();
        return command.RunId;
    }

    [Fact]
    public async Task A_run_killed_mid_training_resumes_from_its_checkpoint_when_its_message_comes_back()
    {
        var runId = await RequestAsync(epochs: 4);
        var queries = new TrainingRunQueries(ledger.Store);

        // The worker dies after its first epoch (the process's token, not an admin's cancel: nothing is recorded for it).
        using var crash = new CancellationTokenSource();
        var worker = new StudentRunWorker(ledger.Store, ledger.Files, ledger.Options, TimeProvider.System).RunAsync(runId, crash.Token);
        await Eventually.That(async () => (await queries.GetAsync(runId, Admin))!.Epochs.Count > 0, "the run records its first epoch", TimeSpan.FromSeconds(120));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker);
        var interrupted = (await queries.GetAsync(runId, Admin))!;
        Assert.False(interrupted.IsOver);
        Assert.InRange(interrupted.Epochs.Count, 1, 3);

        // Wolverine delivers the message again to a living worker.
        await TrainStudentHandler.Handle(new TrainStudent(runId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);

        var run = (await queries.GetAsync(runId, Admin))!;
        Assert.True(run.Status == TrainingRunStatus.Completed, run.FailureReason);
        await using var query = ledger.Store.QuerySession();
        var events = (await query.Events.FetchStreamAsync(runId)).Select(e => e.Data).ToList();
        var starts = events.OfType<TrainingRunStarted>().Select(s => s.FirstEpoch).ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(1, starts[0]);
        Assert.True(starts[1] > 1, $"the second delivery started again at epoch {starts[1]} instead of resuming");
        var epochs = events.OfType<TrainingEpochCompleted>().Select(e => e.Epoch).ToList();
        Assert.Equal(epochs.Distinct().Order(), epochs); // no epoch trained twice, in order
        Assert.Equal(4, epochs[^1]);
        Assert.NotNull(run.ModelId);
    }

    [Fact]
    public async Task A_run_that_cannot_train_is_recorded_as_failed_with_the_reason_and_registers_nothing()
    {
        // A configuration the request check would refuse (an input size of zero), as an older or newer portal might
        // have written it: the worker must fail the run with a reason, not lose the message or crash the process.
        var runId = await RequestAsync(epochs: 2, c => c with { InputSize = 0 });

        await TrainStudentHandler.Handle(new TrainStudent(runId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);

        var run = (await new TrainingRunQueries(ledger.Store).GetAsync(runId, Admin))!;
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.False(string.IsNullOrWhiteSpace(run.FailureReason));
        Assert.Null(run.ModelId);
        Assert.DoesNotContain(await new TrainingRunQueries(ledger.Store).ModelsAsync(Admin), m => m.RunId == runId);
    }
}
