using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.DraftingSplits;

/// <summary>
/// The asynchronous draft on a real ledger: the request is recorded (as the portal's inline handler does), the queued
/// message is handled by the worker's handler, as often as the transport delivers it.
/// </summary>
public sealed class SplitDraftingLedgerTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly AccessScope Admin = AccessScope.All("admin");
    private static readonly SplitRequest Rule = new(Name: "queued", TrainFraction: 0.5, ValidationFraction: 0.25, TestFraction: 0.25, Seed: 3);

    public async Task InitializeAsync()
    {
        await DistillingLedger.SeedOnceAsync(ledger);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private SplitCommands Commands => new(ledger.Store, null!, TimeProvider.System); // freezing needs no message bus

    /// <summary>What <see cref="RequestSplitDraftHandler"/> does inside Wolverine's transaction: the request, and the message to queue.</summary>
    private async Task<DraftSplit> RequestAsync(SplitRequest request)
    {
        var (command, refused) = SplitCommands.Check(request, Admin);
        Assert.Null(refused);
        await using var session = ledger.Store.LightweightSession();
        var (result, draft) = await SplitDraftRequests.RecordAsync(session, command!, DateTimeOffset.UtcNow);
        Assert.Null(result.Problem);
        await session.SaveChangesAsync();
        return draft!;
    }

    private Task HandleAsync(DraftSplit message) => DraftSplitHandler.Handle(message, ledger.Store, ledger.Files, TimeProvider.System);

    private async Task<SplitView> ViewAsync(Guid id) => (await new SplitQueries(ledger.Store, ledger.Files).GetAsync(id, Admin))!;

    private async Task<IReadOnlyList<Type>> EventTypesAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.EventType)];
    }

    [Fact]
    public async Task A_requested_split_is_drafting_and_cannot_be_frozen_until_its_message_is_handled_then_it_shows_its_counts()
    {
        var message = await RequestAsync(Rule);

        var drafting = await ViewAsync(message.SplitId);
        Assert.Equal((SplitStatus.Drafting, "queued", 0, 1L), (drafting.Status, drafting.Name, drafting.Drafts, message.RequestVersion));
        var refused = await Commands.FreezeAsync(message.SplitId, Admin);
        Assert.Contains("still being drafted", refused.Problem);

        await HandleAsync(message);

        var drafted = await ViewAsync(message.SplitId);
        Assert.Equal((SplitStatus.Drafted, 12, "admin"), (drafted.Status, drafted.Frames, drafted.DraftedBy));
        Assert.True(ledger.Files.Exists(drafted.ManifestSha256));
        Assert.Null((await Commands.FreezeAsync(message.SplitId, Admin)).Problem);
    }

    [Fact]
    public async Task A_message_delivered_twice_even_at_once_drafts_the_split_once()
    {
        var message = await RequestAsync(Rule with { Name = "twice" });

        await Task.WhenAll(HandleAsync(message), HandleAsync(message));
        await HandleAsync(message);

        Assert.Equal([typeof(SplitDraftRequested), typeof(SplitDrafted)], await EventTypesAsync(message.SplitId));
        Assert.Equal((SplitStatus.Drafted, 1), ((await ViewAsync(message.SplitId)).Status, (await ViewAsync(message.SplitId)).Drafts));
    }

    [Fact]
    public async Task A_newer_request_supersedes_one_still_queued_so_only_the_latest_rule_is_drafted()
    {
        var first = await RequestAsync(Rule with { Name = "redrafted" });
        var second = await RequestAsync(Rule with { SplitId = first.SplitId, Name = null, Seed = 11, Centres = ["centre-a"] });

        await HandleAsync(first);
        Assert.Equal(SplitStatus.Drafting, (await ViewAsync(first.SplitId)).Status);
        await HandleAsync(second);

        var view = await ViewAsync(first.SplitId);
        Assert.Equal((SplitStatus.Drafted, "redrafted", 11, 6), (view.Status, view.Name, view.Rule!.Seed, view.Frames));
        Assert.Equal([typeof(SplitDraftRequested), typeof(SplitDraftRequested), typeof(SplitDrafted)], await EventTypesAsync(first.SplitId));
    }

    [Fact]
    public async Task A_request_whose_filters_match_no_labelled_frame_ends_failed_with_what_to_change_and_cannot_be_frozen()
    {
        var result = await ledger.DraftSplitNowAsync(Rule with { Name = "nowhere", Centres = ["centre-z"] }, Admin);

        var view = await ViewAsync(result.Id!.Value);
        Assert.Equal(SplitStatus.Failed, view.Status);
        Assert.Equal(view.FailureReason, result.Problem);
        Assert.Matches(@"^No labelled frame matches the rule: of \d+ labelled frame\(s\), .*\d+ left out by centre\. Widen", view.FailureReason);
        Assert.Contains("drafting failed", (await Commands.FreezeAsync(view.Id, Admin)).Problem);
    }
}
