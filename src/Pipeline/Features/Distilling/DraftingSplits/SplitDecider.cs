using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>What a split command decided: the event to append, or why not (with <see cref="NotFound"/> for a missing split).</summary>
public sealed record SplitDecision(object? Event, string? Problem, bool NotFound = false);

/// <summary>
/// The split rules, pure: a frozen split never changes, a draft request is drafted once, a draft that leaves nothing to
/// train on fails with what to change, and only a drafted, leak-free split may be frozen.
/// </summary>
public static class SplitDecider
{
    /// <summary>Why the split may not be (re)drafted, or null.</summary>
    public static string? RedraftProblem(SplitView? state) =>
        state is not { Frozen: true } ? null
        : $"Split {state.Id} was frozen by {state.FrozenBy} at {state.FrozenAt:u} (manifest {state.ManifestSha256}); " +
          "a frozen split never changes: draft a new split instead.";

    /// <summary>
    /// Whether the request recorded at <paramref name="requestVersion"/> still waits for its draft: false once it was drafted
    /// or failed (a re-delivered message), or when a newer request or a freeze came after it.
    /// </summary>
    public static bool AwaitsDraft(SplitView? state, long requestVersion) =>
        state is { Status: SplitStatus.Drafting } && state.Version == requestVersion;

    /// <param name="state">The split's view (drafting), or null for a split without a stream.</param>
    /// <param name="drafted">The draft the worker made.</param>
    /// <param name="labelled">How many labelled frames the ledger held when drafting.</param>
    /// <returns><see cref="SplitDrafted"/>, or the problem a <see cref="SplitDraftFailed"/> records.</returns>
    public static SplitDecision Draft(SplitView? state, SplitDrafted drafted, int labelled)
    {
        if (RedraftProblem(state) is { } problem) return new(null, problem);
        if (labelled == 0)
            return new(null, "The ledger holds no labelled frame yet: run the pipeline's segment stage or review masks, then draft again.");
        if (drafted.Frames() == 0)
            return new(null, $"No labelled frame matches the rule: of {labelled} labelled frame(s), {Excluded(drafted)}. " +
                             "Widen the origins, lower the machine quality or choose other centres.");
        if (drafted.Train == 0)
            return new(null, "The rule leaves no frame for training: widen the origins, lower the machine quality or add centres.");
        return new(drafted, null);
    }

    public static SplitDecision Freeze(SplitView? state, string actor, DateTimeOffset now)
    {
        if (state is null) return new(null, null, NotFound: true);
        if (state.Frozen)
            return new(null, $"Split {state.Id} is already frozen (by {state.FrozenBy} at {state.FrozenAt:u}).");
        if (state.Status == SplitStatus.Drafting)
            return new(null, $"Split {state.Id} is still being drafted (requested by {state.RequestedBy} at {state.RequestedAt:u}): " +
                             "freeze it once the draft is done and its leakage report is clean.");
        if (state.Status == SplitStatus.Failed)
            return new(null, $"Split {state.Id} has no draft to freeze: its drafting failed ({state.FailureReason}). Redraft it with another rule first.");
        if (!state.Leakage.IsClean)
            return new(null, $"Split {state.Id} leaks: {state.Leakage.PatientsInSeveralParts.Count} patient(s) in several parts and " +
                             $"{state.Leakage.NearDuplicatesAcrossParts.Count} near-duplicate pair(s) across parts; redraft it before freezing.");
        return new(new SplitFrozen(state.Id, state.ManifestSha256, actor, now), null);
    }

    private static int Frames(this SplitDrafted d) => d.Train + d.Validation + d.Test;

    private static string Excluded(SplitDrafted d)
    {
        var left = d.Excluded.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} left out by {kv.Key}").ToList();
        return left.Count > 0 ? string.Join(", ", left) : "none kept";
    }
}
