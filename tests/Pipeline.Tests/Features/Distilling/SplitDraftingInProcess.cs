using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Infrastructure.Access;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

public static class SplitDraftingInProcess
{
    /// <summary>
    /// What the portal's queued path does in two steps, in the test's process: checks the request, records it, runs the
    /// worker's drafter on it, then answers as the page reads it (a failed draft's reason as the problem).
    /// </summary>
    public static async Task<SplitResult> DraftSplitNowAsync(this LedgerFixture ledger, SplitRequest request, AccessScope caller)
    {
        var (command, refused) = SplitCommands.Check(request, caller);
        if (command is null) return refused!;
        DraftSplit? draft;
        SplitResult result;
        await using (var session = ledger.Store.LightweightSession())
        {
            (result, draft) = await SplitDraftRequests.RecordAsync(session, command, DateTimeOffset.UtcNow);
            if (draft is null) return result;
            await session.SaveChangesAsync();
        }
        await new SplitDrafter(ledger.Store, ledger.Files, TimeProvider.System).RunAsync(draft);
        await using var query = ledger.Store.QuerySession();
        var view = await query.LoadAsync<SplitView>(draft.SplitId);
        return view is { Status: SplitStatus.Failed } ? result with { Problem = view.FailureReason } : result;
    }
}
