using EndoKED.Pipeline.Tests.Features.Distilling;
using EndoKED.Pipeline.Models.Biopsy.Exporting;
using EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Biopsy;

/// <summary>
/// A biopsy run on a real ledger: the distilling test ledger (synthetic frames with masks, so a split can be drafted),
/// plus appended findings with pathology classes and MIL scores. Pathology is assigned after the split is frozen, so
/// that every part holds both classes (the frames are random: the metrics are only checked to be well formed).
/// </summary>
public sealed class BiopsyRunLedgerTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    [Fact]
    public async Task A_biopsy_run_on_a_frozen_split_records_its_epochs_and_registers_a_checked_head_with_its_lineage()
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        await DistillingLedger.SeedAsync(ledger.Store,
            (folder, centre) => ledger.Ingester().IngestAsync(FolderSource.Read(folder), centre, "test"), ["centre-a", "centre-b"], 4);
        var splits = new SplitCommands(ledger.Store, null!, TimeProvider.System); // freezing needs no message bus
        var drafted = await ledger.DraftSplitNowAsync(new SplitRequest(Name: "biopsy", TrainFraction: 0.5, ValidationFraction: 0.25, TestFraction: 0.25, Seed: 3), Admin);
        var notFrozen = await BiopsyRunRequestCheck.CheckAsync(ledger.Store, new TrainingRunRequest(drafted.Id!.Value, Kind: "biopsy"), Admin);
        Assert.Contains("not frozen", notFrozen.Problem);
        Assert.Null((await splits.FreezeAsync(drafted.Id.Value, Admin)).Problem);
        var split = (await new SplitQueries(ledger.Store, ledger.Files).GetAsync(drafted.Id.Value, Admin))!;
        await LabelAsync(await SplitQueries.ReadManifestAsync(ledger.Files, split.ManifestSha256));

        var unknown = await new TrainingRunCommands(ledger.Store, ledger.Files, null!, TimeProvider.System).RequestAsync(new TrainingRunRequest(split.Id, Kind: "tarot"), Admin);
        Assert.Contains("Unknown kind", unknown.Problem);
        var (command, problem) = await BiopsyRunRequestCheck.CheckAsync(ledger.Store,
            new TrainingRunRequest(split.Id, Epochs: 2, BatchSize: 4, Kind: "biopsy", TopK: 2, Hidden: 16), Admin);
        Assert.Null(problem);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, BiopsyRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var frameLabels = new FrameLabelOptions { ResNet18 = new() { Runtime = new OnnxRuntimeOptions { PreferCuda = false } } };
        await TrainBiopsyHandler.Handle(new TrainBiopsy(command.RunId), ledger.Store, ledger.Files, ledger.Options, frameLabels, TimeProvider.System);

        var queries = new TrainingRunQueries(ledger.Store);
        var run = (await queries.GetAsync(command.RunId, Admin))!;
        Assert.True(run.Status == TrainingRunStatus.Completed, run.FailureReason);
        Assert.Equal((TrainingRunKinds.Biopsy, 2, 2), (run.Kind, run.BiopsyConfiguration!.TopK, run.BiopsyConfiguration.Epochs));
        Assert.Equal([1, 2], run.Epochs.Select(e => e.Epoch));
        Assert.Equal(16, run.Train + run.Validation + run.Test); // 8 examinations, their top 2 of 3 frames
        Assert.True(run.OnnxCheckMaxDiff < BiopsyModelStore.Tolerance);
        Assert.True(ledger.Files.Exists(run.OnnxSha256!));
        Assert.InRange(run.Threshold!.Value, 0, 1.0000001);
        Assert.NotEmpty(run.BiopsyMetrics);
        Assert.All(run.BiopsyMetrics, m => Assert.Equal(m.Frames, m.Positives + m.Negatives));

        var model = Assert.Single(await queries.ModelsAsync(Admin));
        Assert.Equal((TrainingRunKinds.Biopsy, run.ModelVersion, split.Id, split.ManifestSha256, command.LedgerPosition, run.Id, run.Threshold),
            (model.Kind, model.ModelVersion, model.SplitId, model.ManifestSha256, model.LedgerPosition, model.RunId, model.Threshold));
        Assert.StartsWith(BiopsyModelStore.Family, model.ModelVersion);

        await TrainBiopsyHandler.Handle(new TrainBiopsy(command.RunId), ledger.Store, ledger.Files, ledger.Options, frameLabels, TimeProvider.System);
        Assert.Equal(run.Version, (await queries.GetAsync(command.RunId, Admin))!.Version);
    }

    /// <summary>Within each part, examinations alternate adenoma / hyperplastic; every frame gets a MIL probability.</summary>
    private async Task LabelAsync(IReadOnlyList<SplitAssignment> members)
    {
        var parts = members.GroupBy(m => m.PatientKey).ToDictionary(g => g.Key, g => g.First().Part);
        await using var session = ledger.Store.LightweightSession();
        var exams = (await session.Query<ExaminationView>().ToListAsync()).OrderBy(e => e.CentreId).ThenBy(e => e.PatientId).ToList();
        var seen = new Dictionary<SplitPart, int>();
        var at = DateTimeOffset.UtcNow;
        foreach (var exam in exams)
        {
            var part = parts[$"{exam.CentreId}/{exam.PatientId}"];
            var adenoma = (seen[part] = seen.GetValueOrDefault(part) + 1) % 2 == 1;
            var json = $$"""{"id":"{{exam.Id}}","polyp_present":true,"polyp_count":1,"polyps":[],"pathology":["{{(adenoma ? "adenoma" : "hyperplastic")}}"],"evidence":[],"extractor":"rules","confidence":0.9}""";
            session.Events.Append(exam.Id, new FindingsExtracted(exam.Id, "rules", "rules/1", json, true, 0.9, [], "sha", "rules/1", at));
            var images = await session.LoadManyAsync<ImageView>(exam.ImageIds);
            foreach (var (image, i) in images.Select((im, i) => (im, i)))
                session.Events.Append(image.Id, new ImageScored(image.Id, exam.Id, exam.CentreId, "mil", "mil/1", 0.2 + (0.3 * i), "mil/1", at));
        }
        await session.SaveChangesAsync();
    }
}
