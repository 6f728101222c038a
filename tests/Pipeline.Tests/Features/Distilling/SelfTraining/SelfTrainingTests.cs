using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.SelfTraining;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;

/// <summary>Promoting a registered student makes it the segment stage's proposer, on a real ledger.</summary>
public sealed class SelfTrainingTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IDisposable
{
    private static readonly AccessScope Admin = AccessScope.All("admin");
    private readonly PromotedStudents _students = new(ledger.Files, new StudentProposerOptions { PreferCuda = false });

    public void Dispose() => _students.Dispose();

    private ModelPromotionCommands Commands => new(ledger.Store, TimeProvider.System);

    /// <summary>One frame (a bright disc on random blocks) with a kept CAM box around the disc.</summary>
    private async Task<(Guid Image, FrameBox Box)> FrameWithBoxAsync(string key)
    {
        var (png, mask) = DistillingLedger.Frame(key.Length);
        var root = TestPaths.NewTempDir("self-train");
        TestFrames.ExamFolder(root, key, "A polyp.", null, ("0.png", png));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-s", "test");
        await using var session = ledger.Store.LightweightSession();
        var exam = (await session.LoadAsync<ExaminationView>(StableIds.Examination("centre-s", key)))!;
        var image = exam.ImageIds[0];
        var b = mask.Bounds()!.Value;
        var box = new FrameBox(b.X0, b.Y0, b.X1, b.Y1);
        session.Events.Append(image, new ImageLocalised(image, exam.Id, "centre-s", box, null, null, "cam/1", "mil/1", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return (image, box);
    }

    private async Task SegmentAsync(Guid image, bool configuredRefinerOnly = false, bool force = false)
    {
        await using var session = ledger.Store.LightweightSession();
        await SegmentImageHandler.Handle(new SegmentImage(image, "test", null, force, configuredRefinerOnly), session, new FrameSegmenting(new EmbeddedRefiner(), _students),
            ledger.Files, TimeProvider.System, NullLogger<SegmentImage>.Instance, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task<List<MaskProposed>> ProposalsAsync(Guid image)
    {
        await using var query = ledger.Store.QuerySession();
        return [.. (await query.Events.FetchStreamAsync(image)).Select(e => e.Data).OfType<MaskProposed>()];
    }

    [Fact]
    public async Task After_a_promotion_the_next_segmentation_uses_the_student_and_its_proposal_names_the_model()
    {
        var (image, box) = await FrameWithBoxAsync("promote-next");
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 3);
        await SegmentAsync(image);
        var before = (await Commands.ProposerAsync()).Promotions.Count;

        var promoted = await Commands.PromoteAsync(model.ModelId, Admin);
        await SegmentAsync(image);

        Assert.Equal(before + 1, promoted.Round);
        var proposals = await ProposalsAsync(image);
        Assert.Equal(["embedded", "student"], proposals.Select(p => p.Refiner));
        var student = proposals[1];
        Assert.Equal($"{model.ModelId:D}/{model.ModelVersion}", student.RefinerVersion);
        Assert.Equal($"student:{model.OnnxSha256}", student.Provenance);
        Assert.Equal(student.Provenance, student.Actor);
        Assert.Equal(box, student.Box);
        Assert.InRange(student.Quality, 0, 1);
        await using var query = ledger.Store.QuerySession();
        var view = (await query.LoadAsync<ImageView>(image))!;
        Assert.Contains(view.Masks, m => m.Provenance == student.Provenance);
    }

    [Fact]
    public async Task A_run_that_asks_for_the_configured_refiner_gets_it_even_after_a_promotion()
    {
        var (image, _) = await FrameWithBoxAsync("refiner-chosen");
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 5);
        await Commands.PromoteAsync(model.ModelId, Admin);

        await SegmentAsync(image, configuredRefinerOnly: true);
        await SegmentAsync(image);

        Assert.Equal(["embedded", "student"], (await ProposalsAsync(image)).Select(p => p.Refiner));
    }

    [Fact]
    public async Task A_student_proposes_once_per_box_and_promoting_it_again_opens_no_round_while_a_new_student_proposes_anew()
    {
        var (image, _) = await FrameWithBoxAsync("promote-once");
        var first = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 5);
        var second = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 6);
        var before = (await Commands.ProposerAsync()).Promotions.Count;

        await Commands.PromoteAsync(first.ModelId, Admin);
        await SegmentAsync(image);
        await SegmentAsync(image);
        var again = await Commands.PromoteAsync(first.ModelId, Admin);
        await SegmentAsync(image);
        var next = await Commands.PromoteAsync(second.ModelId, Admin);
        await SegmentAsync(image);

        Assert.True(again.AlreadyCurrent);
        Assert.Null(again.Round);
        Assert.Equal(before + 2, next.Round);
        Assert.Equal([$"student:{first.OnnxSha256}", $"student:{second.OnnxSha256}"], (await ProposalsAsync(image)).Select(p => p.Provenance));
        var proposer = await Commands.ProposerAsync();
        Assert.Equal(second.ModelId, proposer.Current!.ModelId);
        Assert.Equal(first.ModelId, proposer.Promotions[^2].ModelId);
    }

    [Fact]
    public async Task Only_admins_promote_and_an_unknown_model_is_not_found()
    {
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 7);
        var lead = AccessScope.ForCentres("lead", Role.Lead, ["centre-s"]);

        Assert.True((await Commands.PromoteAsync(model.ModelId, lead)).Forbidden);
        Assert.True((await Commands.PromoteAsync(Guid.NewGuid(), Admin)).NotFound);
        Assert.DoesNotContain((await Commands.ProposerAsync()).Promotions, p => p.ModelId == model.ModelId);
    }
}
