using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>What a split command decided: the event to append, or why not (with <see cref="NotFound"/> for a missing split).</summary>
public sealed record SplitDecision(object? Event, string? Problem, bool NotFound = false);

/// <summary>The split rules, pure: a frozen split never changes, and only a leak-free split may be frozen.</summary>
public static class SplitDecider
{
    /// <param name="state">The split's view, or null for a new split.</param>
    public static SplitDecision Draft(SplitView? state, SplitDrafted drafted)
    {
        if (RedraftProblem(state) is { } problem) return new(null, problem);
        if (drafted.Train == 0)
            return new(null, "The rule leaves no frame for training: widen the origins, lower the machine quality or add centres.");
        return new(drafted, null);
    }

    /// <summary>Why the split may not be (re)drafted, or null.</summary>
    public static string? RedraftProblem(SplitView? state) =>
        state is not { Frozen: true } ? null
        : $"Split {state.Id} was frozen by {state.FrozenBy} at {state.FrozenAt:u} (manifest {state.ManifestSha256}); " +
          "a frozen split never changes: draft a new split instead.";

    public static SplitDecision Freeze(SplitView? state, string actor, DateTimeOffset now)
    {
        if (state is null) return new(null, null, NotFound: true);
        if (state.Frozen)
            return new(null, $"Split {state.Id} is already frozen (by {state.FrozenBy} at {state.FrozenAt:u}).");
        if (!state.Leakage.IsClean)
            return new(null, $"Split {state.Id} leaks: {state.Leakage.PatientsInSeveralParts.Count} patient(s) in several parts and " +
                             $"{state.Leakage.NearDuplicatesAcrossParts.Count} near-duplicate pair(s) across parts; redraft it before freezing.");
        return new(new SplitFrozen(state.Id, state.ManifestSha256, actor, now), null);
    }
}
