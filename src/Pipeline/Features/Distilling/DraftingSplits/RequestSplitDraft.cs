using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>Record a checked draft request (handled in the caller's process, so a portal without workers can send it).</summary>
/// <param name="Redraft">True when <paramref name="SplitId"/> names an existing split to redraft.</param>
public sealed record RequestSplitDraft(Guid SplitId, bool Redraft, string? Name, SplitRuleRecord Rule, string Actor);

/// <summary>Draft the split whose request is the stream's event number <paramref name="RequestVersion"/> (queued for a worker).</summary>
public sealed record DraftSplit(Guid SplitId, long RequestVersion);

public static class SplitDraftRequests
{
    /// <summary>Appends <see cref="SplitDraftRequested"/> to <paramref name="session"/> (not saved) unless the split refuses it.</summary>
    /// <returns>What to answer, and the message that drafts it (null when refused).</returns>
    public static async Task<(SplitResult Result, DraftSplit? Draft)> RecordAsync(
        IDocumentSession session, RequestSplitDraft command, DateTimeOffset now, CancellationToken ct = default)
    {
        var state = command.Redraft ? await session.LoadAsync<SplitView>(command.SplitId, ct) : null;
        if (command.Redraft && state is null) return (new(null, null, NotFound: true), null);
        if (SplitDecider.RedraftProblem(state) is { } frozen) return (new(command.SplitId, frozen), null);

        var name = string.IsNullOrWhiteSpace(command.Name) ? state?.Name ?? $"split {command.SplitId.ToString()[..8]}" : command.Name.Trim();
        var requested = new SplitDraftRequested(command.SplitId, name, command.Rule, command.Actor, now);
        if (state is null) session.Events.StartStream<SplitView>(command.SplitId, requested);
        else session.Events.Append(command.SplitId, state.Version + 1, requested);
        return (new(command.SplitId, null), new DraftSplit(command.SplitId, (state?.Version ?? 0) + 1));
    }
}

public static class RequestSplitDraftHandler
{
    /// <summary>Records the request and queues the draft, in one transaction (Marten outbox).</summary>
    public static async Task<SplitResult> Handle(
        RequestSplitDraft command, IDocumentSession session, IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var (result, draft) = await SplitDraftRequests.RecordAsync(session, command, clock.GetUtcNow(), ct);
        if (draft is not null) await context.PublishAsync(draft);
        return result;
    }
}
