using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review;

/// <summary>
/// One reader's pass through a queue, for the life of their circuit (scoped): the centre filter and the items they
/// skipped, which the queue leaves out until the reader comes back to them.
/// </summary>
public sealed class ReviewSession
{
    private readonly List<Guid> _skipped = [];

    /// <summary>The items opened in this pass through the queue, in order ("item k of N").</summary>
    private readonly List<Guid> _pass = [];

    public string? Centre { get; set; }

    /// <summary>
    /// The reader opened examinations from the cross-check queue: the item page shows the top frames, and the next
    /// examination comes from that queue.
    /// </summary>
    public bool CrossChecking { get; set; }

    public IReadOnlyList<Guid> Skipped => _skipped;

    public void Skip(Guid id)
    {
        if (!_skipped.Contains(id)) _skipped.Add(id);
    }

    public void ComeBack() => _skipped.Clear();

    /// <summary>A new pass through the queue (the reader started from the queue page).</summary>
    public void StartPass() => _pass.Clear();

    /// <summary>
    /// Where <paramref name="current"/> stands in this pass: k counts the items opened so far, N adds those the queue
    /// still holds for the reader (the queue leaves out what they voted on, skipped or someone else claimed).
    /// </summary>
    public async Task<Reviewing.QueuePosition?> PositionAsync(GetReviewQueue queue, ReviewItemKind kind, QueueName name, Guid current, AccessScope caller, CancellationToken ct = default)
    {
        if (!_pass.Contains(current)) _pass.Add(current);
        if (CrossChecking && kind == ReviewItemKind.Examination && name == QueueName.Votes) name = QueueName.CrossCheck;
        var (page, _) = await queue.HandleAsync(new ReviewQueueQuery(kind, Centre, name, [.. _skipped, .. _pass], 1, 1), caller, ct);
        return page is null ? null : new(_pass.IndexOf(current) + 1, _pass.Count + (int)page.Total);
    }

    /// <summary>The next item of the queue after <paramref name="current"/>, or null when the queue is empty.</summary>
    public async Task<ReviewQueueItem?> NextAsync(GetReviewQueue queue, ReviewItemKind kind, QueueName name, Guid? current, AccessScope caller, CancellationToken ct = default)
    {
        if (CrossChecking && kind == ReviewItemKind.Examination && name == QueueName.Votes) name = QueueName.CrossCheck;
        var skip = current is { } c ? [.. _skipped, c] : _skipped;
        var (page, _) = await queue.HandleAsync(new ReviewQueueQuery(kind, Centre, name, skip, 1, 1), caller, ct);
        return page?.Items.FirstOrDefault();
    }

    /// <summary>The queue page's tab to go back to from an item of that kind.</summary>
    public string TabOf(ReviewItemKind kind, bool adjudicating) =>
        adjudicating ? (kind == ReviewItemKind.Image ? "adjudicate-masks" : "adjudicate-labels")
        : kind == ReviewItemKind.Image ? "masks"
        : CrossChecking ? "crosscheck" : "labels";

    public static string PathOf(ReviewItemKind kind, Guid id) => $"/review/{(kind == ReviewItemKind.Image ? "image" : "examination")}/{id}";
}
