using Bunit;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.SelfTrainingRounds;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
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
        Assert.Empty(page.FindAll("[data-testid=round-running]")); // the form no longer waits for it
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

    /// <summary>A round of centre-p that a worker is judging: one batch recorded.</summary>
    private async Task<(Guid Id, int Round)> SeedRunningAsync()
    {
        await using var session = ledger.Store.LightweightSession();
        var latest = (await session.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync())?.Round ?? 0;
        var id = SelfTrainingRoundProvenance.StreamOf(latest + 1);
        session.Events.StartStream<SelfTrainingRoundView>(id,
            new SelfTrainingRoundRequested(id, latest + 1, Guid.NewGuid(), "student-page-v2", "onnx-page-2", 0.5, ["centre-p"], "page-admin", At),
            new SelfTrainingRoundStarted(id, "embedded:1", 40, "worker", At),
            new SelfTrainingFramesJudged(id, [new(Guid.NewGuid(), "centre-p", true, null, null, new FrameBox(1, 1, 9, 9), 0.8)], 0.5, "worker", At));
        await session.SaveChangesAsync();
        return (id, latest + 1);
    }

    [Fact]
    public async Task An_admin_cancels_the_running_round_after_confirming_and_sees_it_cancelled_while_a_lead_gets_no_cancel_button()
    {
        var (id, round) = await SeedRunningAsync();
        await using (var asLead = DistillingPages.NewContext(ledger, new LiveNotifier(), Role.Lead, "centre-p"))
        {
            var list = asLead.Render<SelfTrainingRoundsPage>();
            list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-testid=round-progress]")), Wait);
            Assert.Empty(list.FindAll("[data-testid=cancel-round]"));
            var details = asLead.Render<SelfTrainingRoundPage>(p => p.Add(x => x.Id, id));
            details.WaitForAssertion(() => Assert.Equal("running", details.Find("[data-testid=round-status]").TextContent), Wait);
            Assert.Empty(details.FindAll("[data-testid=cancel-round]"));
        }
        var notifier = new LiveNotifier();
        await using var ctx = DistillingPages.NewContext(ledger, notifier);
        var page = ctx.Render<SelfTrainingRoundsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=round-progress] [data-testid=cancel-round]")), Wait);

        // Each step waits for its render: the list may be re-read (a live notification) between two clicks.
        page.Find("[data-testid=round-progress] [data-testid=cancel-round]").Click();
        page.WaitForAssertion(() => Assert.Contains($"Cancel round {round}?", page.Find("[data-testid=round-cancel-confirm]").TextContent), Wait);
        page.Find("[data-testid=keep-round]").Click(); // changed their mind: nothing recorded
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=round-cancel-confirm]")), Wait);
        page.Find("[data-testid=round-progress] [data-testid=cancel-round]").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=confirm-cancel-round]")), Wait);
        page.Find("[data-testid=confirm-cancel-round]").Click();

        page.WaitForAssertion(() => Assert.Contains("Cancel asked by admin", page.Find("[data-testid=round-cancel-requested]").TextContent), Wait);
        Assert.Empty(page.FindAll("[data-testid=cancel-round]"));
        await using (var query = ledger.Store.QuerySession())
        {
            var asked = (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<SelfTrainingRoundCancelRequested>();
            Assert.Equal("admin", Assert.Single(asked).Actor);
        }

        // The worker stops the round (it reads no frame, nor the refiner, for a round being cancelled); the page follows live.
        await new SelfTrainingRoundWorker(ledger.Store, ledger.Files, () => throw new InvalidOperationException("no refiner in this test"),
            new BoxFilterOptions(), null!, TimeProvider.System).RunAsync(id);
        await notifier.PublishAsync([new LiveNotification(LiveKinds.Model, id, "", nameof(SelfTrainingRoundCancelled), 0, At)]);
        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("[data-testid=round-link]").First(a => a.GetAttribute("href") == $"/self-training/{id}").Closest("tr")!;
            Assert.Equal("cancelled", row.QuerySelector("[data-testid=round-status]")!.TextContent);
        }, Wait);
        Assert.Empty(page.FindAll("[data-testid=round-progress]"));
        Assert.Empty(page.FindAll("[data-testid=round-running]")); // the form no longer waits for it

        var details2 = ctx.Render<SelfTrainingRoundPage>(p => p.Add(x => x.Id, id));
        details2.WaitForAssertion(() => Assert.Equal("cancelled", details2.Find("[data-testid=round-status]").TextContent), Wait);
        Assert.Contains("Cancelled by admin", details2.Find("[data-testid=round-cancelled]").TextContent);
        Assert.Contains("1 of 40 frames judged", details2.Find("[data-testid=round-counts]").TextContent);
        Assert.Empty(details2.FindAll("[data-testid=cancel-round]"));
    }
}
