using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>
/// What a split command did: the split's id and no problem when done (for a draft: requested); a problem without an id
/// for a bad request, with the id when the split's state refuses it (frozen, drafting, leaking); or forbidden / not found.
/// </summary>
public sealed record SplitResult(Guid? Id, string? Problem, bool Forbidden = false, bool NotFound = false);

/// <summary>
/// Split commands (admins only). Drafting is long (every labelled frame and its dHash), so a draft is only checked and
/// requested here: <see cref="SplitDraftRequested"/> and the queued <see cref="DraftSplit"/> in one transaction; a worker
/// drafts (<see cref="SplitDrafter"/>). Freezing is a short read-decide-append.
/// </summary>
public sealed class SplitCommands(IDocumentStore store, IMessageBus bus, TimeProvider clock)
{
    /// <summary>Checks the request and queues the draft; the split's status is drafting until the worker is done.</summary>
    public async Task<SplitResult> RequestDraftAsync(SplitRequest request, AccessScope caller, CancellationToken ct = default)
    {
        var (command, refused) = Check(request, caller);
        if (command is null) return refused!;
        // Another admin may redraft the same split at the same moment: then the split is read again and decided again.
        return await ConcurrencyRetry.RunAsync(() => bus.InvokeAsync<SplitResult>(command, ct));
    }

    /// <summary>Who may draft, and whether the rule holds; the split's own state is checked when the request is recorded.</summary>
    public static (RequestSplitDraft? Command, SplitResult? Refused) Check(SplitRequest request, AccessScope caller)
    {
        if (!caller.IsAdmin) return (null, new(null, "Only admins draft splits.", Forbidden: true));
        var (rule, problem) = request.ToRule();
        if (rule is null) return (null, new(null, problem));
        return (new RequestSplitDraft(request.SplitId ?? Guid.CreateVersion7(), request.SplitId is not null, request.Name,
            SplitRequest.Record(rule), caller.Actor), null);
    }

    public async Task<SplitResult> FreezeAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins freeze splits.", Forbidden: true);
        await using var session = store.LightweightSession();
        var state = await session.LoadAsync<SplitView>(id, ct);
        var decision = SplitDecider.Freeze(state, caller.Actor, clock.GetUtcNow());
        if (decision.NotFound) return new(null, null, NotFound: true);
        if (decision.Event is null) return new(id, decision.Problem);
        session.Events.Append(id, state!.Version + 1, decision.Event);
        await session.SaveChangesAsync(ct);
        return new(id, null);
    }
}
