using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.FollowingSplits;

/// <summary>Where a split stands: a worker is drafting it, it is drafted (may be frozen when clean), drafting failed, or frozen.</summary>
public enum SplitStatus { Drafting, Drafted, Failed, Frozen }

/// <summary>
/// Statuses as scripts read them: <c>drafting</c>, <c>drafted</c>, <c>failed</c>, <c>frozen</c>. On the property, because a
/// host's own enum converter (the portal's) outranks a converter named on the enum type.
/// </summary>
public sealed class SplitStatusJson() : JsonStringEnumConverter<SplitStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>Read (and write) model of one split: its latest request, its latest draft, its leakage check, and whether it is frozen.</summary>
public sealed record SplitView
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    [JsonConverter(typeof(SplitStatusJson))]
    public SplitStatus Status { get; init; }
    /// <summary>Why the latest draft failed (what to change), while <see cref="Status"/> is failed.</summary>
    public string? FailureReason { get; init; }
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
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public string DraftedBy { get; init; } = "";
    /// <summary>When the latest draft was made; until a first draft, when it was requested (the list's order).</summary>
    public DateTimeOffset DraftedAt { get; init; }
    public bool Frozen { get; init; }
    public string? FrozenBy { get; init; }
    public DateTimeOffset? FrozenAt { get; init; }
    public long Version { get; set; }

    public int Frames => Train + Validation + Test;
}

/// <summary>Pure fold of a Split stream (streams drafted before requests were recorded start with <see cref="SplitDrafted"/>).</summary>
public sealed partial class SplitProjection : SingleStreamProjection<SplitView, Guid>
{
    public static SplitView Create(SplitDraftRequested e) => Apply(e, new SplitView());

    public static SplitView Create(SplitDrafted e) => Apply(e, new SplitView { RequestedBy = e.Actor, RequestedAt = e.At });

    public static SplitView Apply(SplitDraftRequested e, SplitView s) => s with
    {
        Id = e.SplitId, Name = e.Name, Rule = e.Rule, Status = SplitStatus.Drafting, FailureReason = null, RequestedBy = e.Actor,
        RequestedAt = e.At, DraftedAt = s.Drafts == 0 ? e.At : s.DraftedAt,
    };

    public static SplitView Apply(SplitDrafted e, SplitView s) => s with
    {
        Id = e.SplitId, Name = e.Name, Status = SplitStatus.Drafted, FailureReason = null, Rule = e.Rule, ManifestSha256 = e.ManifestSha256,
        Train = e.Train, Validation = e.Validation, Test = e.Test, OriginCounts = e.OriginCounts, CentreCounts = e.CentreCounts,
        Excluded = e.Excluded, Leakage = e.Leakage, Drafts = s.Drafts + 1, DraftedBy = e.Actor, DraftedAt = e.At,
    };

    public static SplitView Apply(SplitDraftFailed e, SplitView s) => s with { Status = SplitStatus.Failed, FailureReason = e.Reason };

    public static SplitView Apply(SplitFrozen e, SplitView s) => s with { Status = SplitStatus.Frozen, Frozen = true, FrozenBy = e.Actor, FrozenAt = e.At };
}
