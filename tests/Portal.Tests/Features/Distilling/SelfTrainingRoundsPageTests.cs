using Bunit;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.SelfTrainingRounds;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Portal.Tests.Features.Distilling;

public sealed class SelfTrainingRoundsPageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A registered student, a frame of centre-p, and a finished round that took one mask and kept another.</summary>
    private async Task<Guid> SeedAsync()
    {
        await using var session = ledger.Store.LightweightSession();
        var latest = (await session.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync())?.Round ?? 0;
        var model = Guid.NewGuid();
        session.Events.StartStream<ModelView>(model, new ModelRegistered(model, "student-page-v1", "onnx-page", Guid.NewGuid(), Guid.NewGuid(), "manifest", 5,
            new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17), "code-1", [], "trainer", At));
        var id = SelfTrainingRoundProvenance.StreamOf(latest + 1);
        session.Events.StartStream<SelfTrainingRoundView>(id,
            new SelfTrainingRoundRequested(id, latest + 1, model, "student-page-v1", "onnx-page", 0.5, ["centre-p"], "page-admin", At),
            new SelfTrainingRoundStarted(id, "embedded:1", 2, "worker", At),
            new SelfTrainingFramesJudged(id, [
                new(Guid.NewGuid(), "centre-p", true, null, null, new FrameBox(1, 1, 9, 9), 0.8),
                new(Guid.NewGuid(), "centre-p", false, "box-elsewhere", "the student box leaves the earlier box", new FrameBox(1, 1, 9, 9), null)], 0.5, "worker", At),
            new SelfTrainingRoundCompleted(id, 2, 1, 1, [new("box-elsewhere", 1)], "worker", At));
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task An_admin_sees_the_start_form_with_the_students_and_the_rounds_list_with_its_counts()
    {
        var id = await SeedAsync();
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier());

        var page = ctx.Render<SelfTrainingRoundsPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=round-link]"), a => a.GetAttribute("href") == $"/self-training/{id}"), Wait);
        Assert.NotNull(page.Find("[data-testid=start-round]"));
        Assert.Contains("student-page-v1", page.Find("[data-testid=round-student]").TextContent);
        Assert.NotNull(page.Find("[data-testid=round-min-quality]"));
        Assert.NotNull(page.Find("[data-testid=round-centres]"));
        Assert.False(page.Find("[data-testid=start-round-button]").HasAttribute("disabled"));
        var row = page.FindAll("[data-testid=round-link]").First(a => a.GetAttribute("href") == $"/self-training/{id}").Closest("tr")!;
        Assert.Equal("completed", row.QuerySelector("[data-testid=round-status]")!.TextContent);
        Assert.Equal(("2", "1", "1"), (row.QuerySelector("[data-testid=round-considered]")!.TextContent,
            row.QuerySelector("[data-testid=round-new-masks]")!.TextContent, row.QuerySelector("[data-testid=round-kept]")!.TextContent));
        Assert.Contains("page-admin", row.TextContent);
        Assert.Contains("student-page-v1", row.TextContent);
    }

    [Fact]
    public async Task A_lead_reads_the_rounds_without_the_form_and_a_round_page_says_why_frames_kept_their_mask()
    {
        var id = await SeedAsync();
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier(), Role.Lead, "centre-p");

        var page = ctx.Render<SelfTrainingRoundsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=round-link]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=start-round]"));

        var details = ctx.Render<SelfTrainingRoundPage>(p => p.Add(x => x.Id, id));
        details.WaitForAssertion(() => Assert.Contains("box-elsewhere", details.Find("[data-testid=round-reasons]").TextContent), Wait);
        Assert.Contains("2 of 2 frames judged: 1 new masks, 1 kept", details.Find("[data-testid=round-counts]").TextContent);
        Assert.Contains("round:", details.Find("[data-testid=round-provenance]").TextContent);
    }
}
