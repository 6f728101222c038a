using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

/// <summary>Splits and training runs on a real ledger: drafted from appended labels, frozen, trained through the handler.</summary>
public sealed class DistillingLedgerTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly AccessScope Admin = AccessScope.All("admin");
    private static readonly SplitRequest Rule = new(Name: "tiny", TrainFraction: 0.5, ValidationFraction: 0.25, TestFraction: 0.25, Seed: 3);

    private SplitCommands Splits => new(ledger.Store, null!, TimeProvider.System); // freezing needs no message bus


    /// <summary>Seeds the class's ledger once (the fixture is shared by both tests).</summary>
    public async Task InitializeAsync()
    {
        await DistillingLedger.SeedOnceAsync(ledger);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SplitView> FrozenSplitAsync()
    {
        var drafted = await ledger.DraftSplitNowAsync(Rule, Admin);
        Assert.Null(drafted.Problem);
        Assert.Null((await Splits.FreezeAsync(drafted.Id!.Value, Admin)).Problem);
        return (await new SplitQueries(ledger.Store, ledger.Files).GetAsync(drafted.Id.Value, Admin))!;
    }

    [Fact]
    public async Task A_split_is_drafted_from_final_and_good_machine_masks_and_once_frozen_never_changes()
    {
        Assert.True((await ledger.DraftSplitNowAsync(Rule, AccessScope.ForCentres("doc", "centre-a"))).Forbidden);
        var drafted = await ledger.DraftSplitNowAsync(Rule, Admin);
        var id = drafted.Id!.Value;
        var queries = new SplitQueries(ledger.Store, ledger.Files);
        var view = (await queries.GetAsync(id, Admin))!;

        // Per centre: 2 consensus + 1 adjudicated + 3 machine (0.9); two poor machine masks and one rejection stay out.
        Assert.Equal(12, view.Frames);
        Assert.Equal(new Dictionary<string, int> { ["adjudicated"] = 2, ["consensus"] = 4, ["machine"] = 6 }, view.OriginCounts);
        Assert.Equal(4, view.Excluded["machine quality"]);
        Assert.True(view.Leakage.IsClean);
        var members = await queries.MembersAsync(view, Admin);
        Assert.Equal(12, members.Count);
        Assert.All(members.GroupBy(m => m.PatientKey), g => Assert.Single(g.Select(m => m.Part).Distinct()));

        var notFrozen = await TrainingRunCommands.CheckAsync(ledger.Store, new TrainingRunRequest(id, Epochs: 1, Size: 64), Admin);
        Assert.Contains("not frozen", notFrozen.Problem);

        Assert.Null((await Splits.FreezeAsync(id, Admin)).Problem);
        Assert.Contains("already frozen", (await Splits.FreezeAsync(id, Admin)).Problem);
        Assert.Contains("draft a new split instead", (await ledger.DraftSplitNowAsync(Rule with { SplitId = id }, Admin)).Problem);
        var after = (await queries.GetAsync(id, Admin))!;
        Assert.Equal((SplitStatus.Drafted, SplitStatus.Frozen), (view.Status, after.Status));
        Assert.Equal((true, 1, view.ManifestSha256), (after.Frozen, after.Drafts, after.ManifestSha256));
        Assert.Null(await queries.GetAsync(id, AccessScope.ForCentres("doc", "centre-a")));
    }

    [Fact]
    public async Task A_lead_reads_only_frozen_splits_and_only_their_centres_counts_and_members()
    {
        var lead = AccessScope.ForCentres("lead", EndoKED.Shared.Role.Lead, ["centre-a"]);
        var queries = new SplitQueries(ledger.Store, ledger.Files);
        var draft = (await ledger.DraftSplitNowAsync(Rule with { Name = "lead draft" }, Admin)).Id!.Value;
        Assert.Null(await queries.GetAsync(draft, lead));
        Assert.DoesNotContain(await queries.LatestAsync(lead), s => s.Id == draft);

        var frozen = await FrozenSplitAsync();
        var seen = (await queries.GetAsync(frozen.Id, lead))!;
        Assert.Equal(["centre-a", "centre-b"], frozen.CentreCounts.Keys.Order());
        Assert.Equal(["centre-a"], seen.CentreCounts.Keys);
        Assert.Contains(await queries.LatestAsync(lead), s => s.Id == frozen.Id);
        var members = await queries.MembersAsync(seen, lead);
        Assert.Equal(frozen.CentreCounts["centre-a"], members.Count);
        Assert.All(members, m => Assert.Equal("centre-a", m.CentreId));
        Assert.Empty(await queries.LatestAsync(AccessScope.ForCentres("doc", "centre-a")));
    }

    [Fact]
    public async Task A_training_run_on_a_frozen_split_records_its_epochs_and_registers_a_checked_model_with_its_lineage()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        var split = await FrozenSplitAsync();
        var (command, problem) = await TrainingRunCommands.CheckAsync(ledger.Store,
            new TrainingRunRequest(split.Id, Epochs: 2, Size: 64, BaseChannels: 8, Levels: 3, BatchSize: 4), Admin);
        Assert.Null(problem);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, TrainingRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await TrainStudentHandler.Handle(new TrainStudent(command.RunId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);

        var queries = new TrainingRunQueries(ledger.Store);
        var run = (await queries.GetAsync(command.RunId, Admin))!;
        Assert.True(run.Status == TrainingRunStatus.Completed, run.FailureReason);
        Assert.Equal([1, 2], run.Epochs.Select(e => e.Epoch));
        Assert.Equal(split.Frames, run.Train + run.Validation + run.Test);
        Assert.True(run.OnnxCheckMaxDiff < OnnxExportCheck.DefaultTolerance);
        Assert.True(ledger.Files.Exists(run.OnnxSha256!));
        Assert.NotEmpty(run.Metrics);
        Assert.All(run.Metrics, m => Assert.InRange(m.Dice, 0, 1));
        Assert.True(command.LedgerPosition > 0);

        var model = Assert.Single(await queries.ModelsAsync(Admin));
        Assert.Equal((run.ModelId, run.ModelVersion, split.Id, split.ManifestSha256, command.LedgerPosition, run.Id),
            ((Guid?)model.Id, model.ModelVersion, model.SplitId, model.ManifestSha256, model.LedgerPosition, model.RunId));
        Assert.StartsWith(StudentModelStore.ResNetFamily + "-frozen", model.ModelVersion);
        Assert.Equal(2, model.Configuration!.Epochs);
        Assert.Empty(await queries.ModelsAsync(AccessScope.ForCentres("doc", "centre-a")));

        // A re-delivered message finds the run over and leaves it alone.
        await TrainStudentHandler.Handle(new TrainStudent(command.RunId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);
        Assert.Equal(run.Version, (await queries.GetAsync(command.RunId, Admin))!.Version);
    }

    [Fact]
    public async Task A_cancelled_run_stops_between_epochs_and_registers_no_model()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        var split = await FrozenSplitAsync();
        var (command, _) = await TrainingRunCommands.CheckAsync(ledger.Store,
            new TrainingRunRequest(split.Id, Epochs: 200, Size: 64, BaseChannels: 8, Levels: 3, BatchSize: 4), Admin);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, TrainingRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var queries = new TrainingRunQueries(ledger.Store);
        var training = TrainStudentHandler.Handle(new TrainStudent(command.RunId), ledger.Store, ledger.Files, ledger.Options, TimeProvider.System);
        await Eventually.That(async () => (await queries.GetAsync(command.RunId, Admin))!.Epochs.Count > 0, "the run records its first epoch", TimeSpan.FromSeconds(60));

        // Cancelling needs no message bus (only requesting a run queues work).
        var cancelled = await new TrainingRunCommands(ledger.Store, ledger.Files, null!, TimeProvider.System).CancelAsync(command.RunId, Admin);
        Assert.Null(cancelled.Problem);
        await training.WaitAsync(TimeSpan.FromSeconds(60));

        var run = (await queries.GetAsync(command.RunId, Admin))!;
        Assert.Equal(TrainingRunStatus.Cancelled, run.Status);
        Assert.InRange(run.Epochs.Count, 1, 199); // stopped long before its 200 epochs
        Assert.Null(run.ModelId);
        Assert.DoesNotContain(await queries.ModelsAsync(Admin), m => m.RunId == command.RunId);
        Assert.Contains("nothing to cancel", (await new TrainingRunCommands(ledger.Store, ledger.Files, null!, TimeProvider.System).CancelAsync(command.RunId, Admin)).Problem);
    }
}
