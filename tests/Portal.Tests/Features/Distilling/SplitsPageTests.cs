using System.Text;
using Bunit;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Portal.Features.Distilling.DraftingSplits;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;

namespace EndoKED.Portal.Tests.Features.Distilling;

public sealed class SplitsPageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>A drafted split whose manifest is in the file store, as the draft command leaves it.</summary>
    private async Task<Guid> DraftedAsync(string name, SplitLeakageSummary leakage)
    {
        SplitAssignment[] members =
        [
            new("i1", SplitPart.Train, "centre-a", "p1", true, 0), new("i2", SplitPart.Train, "centre-a", "p2", false, 1),
            new("i3", SplitPart.Validation, "centre-a", "p3", true, 2), new("i4", SplitPart.Test, "centre-b", "p4", true, 3),
        ];
        var stored = await ledger.Files.PutAsync(Encoding.UTF8.GetBytes(SplitManifest.Text(members)));
        var id = Guid.NewGuid();
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream<SplitView>(id, new SplitDrafted(id, name, new SplitRuleRecord(["consensus"], 0.5, null, 6, 0.5, 0.25, 0.25, null, 3),
            stored.Sha256, 2, 1, 1, new Dictionary<string, int> { ["consensus"] = 4 }, new Dictionary<string, int> { ["centre-a"] = 3, ["centre-b"] = 1 },
            new Dictionary<string, int>(), leakage, "admin", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Selecting_a_clean_draft_shows_its_counts_and_leakage_and_freezing_it_shows_the_manifest_hash()
    {
        await DraftedAsync("clean one", new SplitLeakageSummary([], []));
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier());

        var page = ctx.Render<SplitsPage>();
        page.WaitForAssertion(() => Assert.Contains("clean one", page.Find("[data-testid=splits]").TextContent), Wait);
        Assert.NotNull(page.Find("[data-testid=draft-split]"));
        await page.FindAll("[data-testid=split-link]").First(l => l.TextContent == "clean one").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=count-row]").Count), Wait);
        Assert.Equal(["centre-a polyp 1 1 0 2", "centre-a clear 1 0 0 1", "centre-b polyp 0 0 1 1"],
            page.FindAll("[data-testid=count-row]").Select(r => string.Join(' ', r.QuerySelectorAll("td").Select(td => td.TextContent))));
        Assert.Equal(("0", "0"), (page.Find("[data-testid=leaking-patients]").TextContent, page.Find("[data-testid=leaking-pairs]").TextContent));

        await page.Find("[data-testid=freeze-split]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=split-details]").GetAttribute("data-frozen")), Wait);
        var view = await new SplitQueries(ledger.Store, ledger.Files).LatestAsync(Pipeline.Infrastructure.Access.AccessScope.All("admin"));
        Assert.Contains(view.Single(s => s.Name == "clean one").ManifestSha256, page.Find("[data-testid=manifest-hash]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=freeze-split]"));
    }

    [Fact]
    public async Task The_launch_forms_frozen_splits_are_not_crowded_out_by_later_drafts()
    {
        var frozen = await DraftedAsync("old frozen", new SplitLeakageSummary([], []));
        await using (var session = ledger.Store.LightweightSession())
        {
            var manifest = (await session.LoadAsync<SplitView>(frozen))!.ManifestSha256;
            session.Events.Append(frozen, new SplitFrozen(frozen, manifest, "admin", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        for (var i = 0; i < 3; i++) await DraftedAsync($"later draft {i}", new SplitLeakageSummary([], []));
        var queries = new SplitQueries(ledger.Store, ledger.Files);
        var admin = Pipeline.Infrastructure.Access.AccessScope.All("admin");

        Assert.DoesNotContain(await queries.LatestAsync(admin, take: 3), s => s.Id == frozen);
        var offered = await queries.FrozenAsync(admin, take: 3);
        Assert.Contains(offered, s => s.Id == frozen);
        Assert.All(offered, s => Assert.True(s.Frozen));
        Assert.Empty(await queries.FrozenAsync(Pipeline.Infrastructure.Access.AccessScope.ForCentres("clin", EndoKED.Shared.Role.Clinician, ["centre-a"])));
    }

    [Fact]
    public async Task A_lead_reads_frozen_splits_only_with_their_centres_counts_and_no_draft_or_freeze_controls()
    {
        var frozen = await DraftedAsync("lead frozen", new SplitLeakageSummary([], []));
        await DraftedAsync("lead draft", new SplitLeakageSummary([], []));
        await using (var session = ledger.Store.LightweightSession())
        {
            var manifest = (await session.LoadAsync<SplitView>(frozen))!.ManifestSha256;
            session.Events.Append(frozen, new SplitFrozen(frozen, manifest, "admin", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier(), EndoKED.Shared.Role.Lead, "centre-a");

        var page = ctx.Render<SplitsPage>();
        page.WaitForAssertion(() => Assert.Contains("lead frozen", page.Find("[data-testid=splits]").TextContent), Wait);
        Assert.DoesNotContain("lead draft", page.Find("[data-testid=splits]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=draft-split]"));
        await page.FindAll("[data-testid=split-link]").First(l => l.TextContent == "lead frozen").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=count-row]").Count), Wait);
        Assert.All(page.FindAll("[data-testid=count-row]"), r => Assert.StartsWith("centre-a", r.QuerySelector("td")!.TextContent));
        Assert.Empty(page.FindAll("[data-testid=freeze-split]"));
    }

    [Fact]
    public async Task A_draft_started_on_the_page_shows_drafting_and_its_counts_and_leakage_appear_live_when_the_worker_is_done()
    {
        await DistillingLedger.SeedAsync(ledger.Store,
            (folder, centre) => ledger.Ingester().IngestAsync(FolderSource.Read(folder), centre, "test"), ["centre-a", "centre-b"], 3);
        var notifier = new LiveNotifier();
        await using var ctx = DistillingPages.NewContext(ledger, notifier, out var bus);
        var page = ctx.Render<SplitsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=split-centre]").Count), Wait);

        await page.Find("[data-testid=draft-button]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("drafting", page.Find("[data-testid=split-details]").GetAttribute("data-status")), Wait);
        Assert.Contains("Drafting…", page.Find("[data-testid=split-drafting]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=freeze-split]"));
        Assert.Empty(page.FindAll("[data-testid=count-row]"));
        Assert.Contains("drafting…", page.FindAll("[data-testid=split-row-state]").Select(c => c.TextContent));
        var draft = Assert.Single(bus.Queued);

        // The worker drafts; the live subscription would tell the page, as this notification does.
        await DraftSplitHandler.Handle(draft, ledger.Store, ledger.Files, TimeProvider.System);
        await notifier.PublishAsync([new LiveNotification(LiveKinds.Split, draft.SplitId, "", nameof(SplitDrafted), 0, DateTimeOffset.UtcNow)]);

        page.WaitForAssertion(() => Assert.Equal("drafted", page.Find("[data-testid=split-details]").GetAttribute("data-status")), Wait);
        page.WaitForAssertion(() => Assert.Equal(12, page.FindAll("[data-testid=count-row]").Sum(r => int.Parse(r.QuerySelectorAll("td")[^1].TextContent))), Wait);
        Assert.Equal(("0", "0"), (page.Find("[data-testid=leaking-patients]").TextContent, page.Find("[data-testid=leaking-pairs]").TextContent));
        Assert.NotNull(page.Find("[data-testid=freeze-split]"));
        Assert.Empty(page.FindAll("[data-testid=split-drafting]"));
    }

    [Fact]
    public async Task A_failed_draft_shows_its_reason_and_no_freeze_button()
    {
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier());
        var split = new SplitView
        {
            Id = Guid.NewGuid(), Name = "nowhere", Status = SplitStatus.Failed, FailureReason = "No labelled frame matches the rule: widen it.",
            RequestedBy = "admin", RequestedAt = DateTimeOffset.UtcNow,
        };

        var details = ctx.Render<SplitDetails>(p => p.Add(x => x.Split, split).Add(x => x.CanFreeze, true));

        Assert.Equal("failed", details.Find("[data-testid=split-state]").TextContent);
        Assert.Contains("No labelled frame matches the rule: widen it.", details.Find("[data-testid=split-failure]").TextContent);
        Assert.Empty(details.FindAll("[data-testid=freeze-split]"));
        Assert.Empty(details.FindAll("[data-testid=leakage]"));
    }
}
