using System.Text.Json.Serialization;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.ReviewQueues;

/// <summary>One examination or image as the review queues see it: a fold of its stream, kept inline.</summary>
public sealed record ReviewQueueItem
{
    public Guid Id { get; init; }
    public ReviewItemKind Kind { get; init; }
    public string CentreId { get; init; } = "";

    /// <summary>Images: the examination they belong to.</summary>
    public Guid? ExaminationId { get; init; }

    /// <summary>Something to review exists: a proposed examination label, or a proposed mask.</summary>
    public bool Open { get; init; }
    public ReviewStage Stage { get; init; }

    public bool NeedsReview { get; init; }
    public PolypLabel? ProposedLabel { get; init; }
    public double? Confidence { get; init; }
    public int Disagreements { get; init; }
    public double? MaskQuality { get; init; }
    public string? ProposedBy { get; init; }

    /// <summary>Readers with a standing vote (the queue leaves out items the caller already voted on).</summary>
    public IReadOnlyList<string> Voters { get; init; } = [];

    /// <summary>Higher is more useful to review next (<see cref="ReviewPriority"/>).</summary>
    public double Priority { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; set; }

    /// <summary>Set by the mask queue, never stored: the new model (provenance) whose first proposals this mask is among.</summary>
    [JsonIgnore]
    public string? NewModel { get; init; }

    /// <summary>Set by the cross-check queue, never stored: how the report and the frames disagree.</summary>
    [JsonIgnore]
    public CrossCheckFinding? CrossCheck { get; init; }
}

/// <summary>
/// Most useful first (pure). Examinations: those the machines flag for review, then low confidence, then extractor
/// disagreements. Images: low mask quality first. Either way an item that already has votes comes before a fresh one,
/// since one more vote may settle it.
/// </summary>
public static class ReviewPriority
{
    public static double Of(ReviewQueueItem item)
    {
        var started = item.Voters.Count > 0 ? 10 : 0;
        return item.Kind == ReviewItemKind.Examination
            ? (item.NeedsReview ? 100 : 0) + (item.ProposedLabel == PolypLabel.Undecided ? 20 : 0)
              + (50 * (1 - Math.Clamp(item.Confidence ?? 0, 0, 1))) + (5 * Math.Min(item.Disagreements, 4)) + started
            : (100 * (1 - Math.Clamp(item.MaskQuality ?? 0, 0, 1))) + started;
    }

    public static ReviewQueueItem Scored(this ReviewQueueItem item) => item with { Priority = Of(item) };

    /// <summary>The queues' order: most useful first, then the longest waiting.</summary>
    public static IOrderedQueryable<ReviewQueueItem> InQueueOrder(this IQueryable<ReviewQueueItem> q) =>
        q.OrderByDescending(x => x.Priority).ThenBy(x => x.UpdatedAt).ThenBy(x => x.Id);
}
