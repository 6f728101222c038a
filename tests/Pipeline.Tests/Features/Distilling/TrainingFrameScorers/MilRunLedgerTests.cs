using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Tests.Features.FrameLabels;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Distilling.TrainingFrameScorers;

/// <summary>
/// A frame scorer trained from the ledger's examination labels on real frames: the run records its rule, counts and
/// grouping, epochs and the checked ONNX; it is registered and promoted; the score stage uses the promoted one, and a
/// second promotion takes effect at the next examination without a new process.
/// </summary>
[Collection(PolypDataCollection.Name)]
public sealed class MilRunLedgerTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    /// <summary>Per centre six examinations of six patients: three with three polyp frames and a clear one, three with four clear frames.</summary>
    private async Task<List<Guid>> SeedAsync()
    {
        var dir = TestPaths.RequirePolypsData();
        var entries = PolypsManifest.Read(dir);
        var polyps = new Queue<PolypsManifestEntry>(entries.Where(e => e.Dataset == "cvc-clinicdb" && e.IsPolyp).Where((_, i) => i % 7 == 0));
        var clear = new Queue<PolypsManifestEntry>(entries.Where(e => !e.IsPolyp));
        var ids = new List<Guid>();
        foreach (var centre in new[] { "mil-a", "mil-b" })
        {
            var root = TestPaths.NewTempDir("mil-" + centre);
            for (var p = 0; p < 6; p++)
            {
                var positive = p % 2 == 0;
                var frames = positive ? [polyps.Dequeue(), polyps.Dequeue(), polyps.Dequeue(), clear.Dequeue()] : new[] { clear.Dequeue(), clear.Dequeue(), clear.Dequeue(), clear.Dequeue() };
                TestFrames.ExamFolder(root, $"e{p}", positive ? "A 6 mm polyp in the sigmoid colon." : "No polyps.", $$"""{"patientId": "pat-{{p}}"}""",
                    [.. frames.Select((e, i) => ($"{i}.png", File.ReadAllBytes(Path.Combine(dir, e.Image))))]);
            }
            await ledger.Ingester().IngestAsync(FolderSource.Read(root), centre, "test");
            await using var session = ledger.Store.LightweightSession();
            for (var p = 0; p < 6; p++)
            {
                var id = StableIds.Examination(centre, $"e{p}");
                ids.Add(id);
                var label = p % 2 == 0 ? PolypLabel.Present : PolypLabel.Absent;
                // One examination of centre b waits for review, and its readers have settled it: the final label trains.
                var waiting = centre == "mil-b" && p == 1;
                session.Events.Append(id, new ExaminationLabelProposed(id, waiting ? PolypLabel.Undecided : label, waiting ? 0.4 : 0.95, "test",
                    [], ["rules"], waiting, "rules", DateTimeOffset.UtcNow));
                if (waiting)
                    session.Events.Append(id, new ConsensusReached(id, ReviewItemKind.Examination, centre, ReviewVerdict.Correct, PolypLabel.Absent,
                        null, null, ConsensusMethod.Consensus, [], [], "consensus:two-agreeing", DateTimeOffset.UtcNow));
            }
            await session.SaveChangesAsync();
        }
        return ids;
    }

    private async Task<TrainingRunView> TrainAsync(TrainingRunRequest request)
    {
        var (command, problem) = await MilRunRequestCheck.CheckAsync(ledger.Store, ledger.Files, request, Admin);
        Assert.Null(problem);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<TrainingRunView>(command!.RunId, MilRunRequestCheck.Requested(command, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await TrainMilHandler.Handle(new TrainMil(command.RunId), ledger.Store, ledger.Files, ledger.Options, new FrameLabelOptions(), TimeProvider.System);
        return (await new TrainingRunQueries(ledger.Store).GetAsync(command.RunId, Admin))!;
    }

    private async Task<IReadOnlyList<ImageScored>> ScoreAsync(FrameScoring scoring, Guid exam, Guid? pinned = null)
    {
        await using (var session = ledger.Store.LightweightSession())
        {
            await ScoreImagesHandler.Handle(new ScoreImages(exam, "test", Force: true, pinned), session, scoring, ledger.Files, TimeProvider.System,
                NullLogger<ScoreImages>.Instance, CancellationToken.None);
            await session.SaveChangesAsync();
        }
        await using var query = ledger.Store.QuerySession();
        var view = (await query.LoadAsync<ExaminationView>(exam))!;
        var scored = new List<ImageScored>();
        foreach (var image in view.ImageIds)
            scored.Add((await query.Events.FetchStreamAsync(image)).Select(e => e.Data).OfType<ImageScored>().Last());
        return scored;
    }

    [SkippableFact]
    public async Task A_frame_scorer_trains_from_the_labels_is_promoted_and_scores_until_another_is_promoted()
    {
        var exams = await SeedAsync();
        var run = await TrainAsync(new TrainingRunRequest(Kind: TrainingRunKinds.Mil, Epochs: 12, PromoteWhenDone: true));

        Assert.Equal(TrainingRunStatus.Completed, run.Status);
        Assert.Equal(12, run.Epochs.Count);
        Assert.All(run.Epochs, e => Assert.NotNull(e.CentreAucs));
        Assert.InRange(run.OnnxCheckMaxDiff!.Value, 0, MilRunWorker.OnnxTolerance);
        var b = Assert.Single(run.LabelCounts, c => c.Centre == "mil-b");
        Assert.Equal((1, 5, 3, 3), (b.FromReaders, b.FromMachine, b.Positive, b.Negative));
        Assert.Equal(12, run.Train + run.Validation);
        Assert.Contains("patient-grouped draw", run.Grouping);
        Assert.Contains("final label where readers reached one", run.LabelRule);

        var manifest = MilBagPlanner.ParseManifest(System.Text.Encoding.UTF8.GetString(await ReadAsync(run.BagManifestSha256!)));
        Assert.All(manifest.GroupBy(m => m.PatientKey), g => Assert.Single(g.Select(m => m.Part).Distinct()));

        var model = Assert.Single(await new TrainingRunQueries(ledger.Store).ModelsAsync(Admin), m => m.RunId == run.Id);
        Assert.Equal((TrainingRunKinds.Mil, run.ModelVersion), (model.Kind, model.ModelVersion));
        Assert.Equal(run.LabelCounts.Select(c => (c.Centre, c.Positive, c.Negative, c.FromReaders, c.Train)),
            model.LabelCounts.Select(c => (c.Centre, c.Positive, c.Negative, c.FromReaders, c.Train)));
        var promotions = new ModelPromotionCommands(ledger.Store, TimeProvider.System);
        var scorer = await promotions.ScorerAsync();
        Assert.Equal((model.Id, "admin"), (scorer.Current!.ModelId, scorer.Current.PromotedBy));

        // One FrameScoring for the whole test: no restart between promotions.
        using var scoring = new FrameScoring(new FrameLabelOptions(), new PromotedFrameScorers(), ledger.Files);
        await using (var q = ledger.Store.QuerySession())
            Assert.Equal(new FrameScorerChoice(model.Id, model.ModelVersion, "promoted"), await scoring.ChoiceAsync(q, default));
        var first = await ScoreAsync(scoring, exams[0]);
        Assert.All(first, s => Assert.Equal(model.ModelVersion, s.ModelVersion));

        var second = await TrainAsync(new TrainingRunRequest(Kind: TrainingRunKinds.Mil, Epochs: 4, Seed: 5));
        Assert.Equal(model.Id, (await promotions.ScorerAsync()).Current!.ModelId); // not asked to promote itself
        Assert.Null((await promotions.PromoteAsync(second.ModelId!.Value, Admin)).Problem);
        var after = await ScoreAsync(scoring, exams[0]);
        Assert.All(after, s => Assert.Equal(second.ModelVersion, s.ModelVersion));
        Assert.NotEqual(model.ModelVersion, second.ModelVersion);

        // A run that pinned the first model keeps scoring with it after the promotion.
        var pinned = await ScoreAsync(scoring, exams[1], pinned: model.Id);
        Assert.All(pinned, s => Assert.Equal(model.ModelVersion, s.ModelVersion));
        Assert.Equal(2, (await promotions.ScorerAsync()).PromotionsOf(model.Id).Count + (await promotions.ScorerAsync()).PromotionsOf(second.ModelId.Value).Count);
    }

    private async Task<byte[]> ReadAsync(string sha)
    {
        await using var stream = ledger.Files.OpenRead(sha)!;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
