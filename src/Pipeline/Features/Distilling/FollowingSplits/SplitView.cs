using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.FollowingSplits;

/// <summary>Read (and write) model of one split: its latest draft, its leakage check, and whether it is frozen.</summary>
public sealed record SplitView
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public SplitRuleRecord? Rule { get; init; }
    public string ManifestSha256 { get; init; } = "";
    public int Train { get; init; }
    public int Validation { get; init; }
    public int Test { get; init; }
    public IReadOnlyDictionary<string, int> OriginCounts { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> CentreCounts { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> Excluded { get; init; } = new Dictionary<string, int>();
    public SplitLeakageSummary Leakage { get; init; } = new([], []);
    public int Drafts { get; init; }
    public string DraftedBy { get; init; } = "";
    public DateTimeOffset DraftedAt { get; init; }
    public bool Frozen { get; init; }
    public string? FrozenBy { get; init; }
    public DateTimeOffset? FrozenAt { get; init; }
    public long Version { get; set; }

    public int Frames => Train + Validation + Test;
}

/// <summary>Pure fold of a Split stream.</summary>
public sealed partial class SplitProjection : SingleStreamProjection<SplitView, Guid>
{
    public static SplitView Create(SplitDrafted e) => Apply(e, new SplitView());

    public static SplitView Apply(SplitDrafted e, SplitView s) => s with
    {
        Id = e.SplitId, Name = e.Name, Rule = e.Rule, ManifestSha256 = e.ManifestSha256, Train = e.Train, Validation = e.Validation,
        Test = e.Test, OriginCounts = e.OriginCounts, CentreCounts = e.CentreCounts, Excluded = e.Excluded, Leakage = e.Leakage,
        Drafts = s.Drafts + 1, DraftedBy = e.Actor, DraftedAt = e.At,
    };

    public static SplitView Apply(SplitFrozen e, SplitView s) => s with { Frozen = true, FrozenBy = e.Actor, FrozenAt = e.At };
}
