using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Features.Review.Reviewing;

/// <summary>Where the page is with its item: keys act only on a loaded item.</summary>
public enum ReviewPhase
{
    Loading = 0,
    Loaded = 1,
    NotFound = 2,
}

/// <summary>How loud a notice is (the component maps it to an alert's severity).</summary>
public enum NoticeLevel
{
    Info = 0,
    Success = 1,
    Warning = 2,
    Error = 3,
}

public sealed record Notice(string Text, NoticeLevel Level);

/// <summary>"Item k of N" in the reader's pass through their queue.</summary>
public sealed record QueuePosition(int Index, int Total);

/// <summary>What the page loaded for its item: the blinded review view, its content and its history.</summary>
public sealed record LoadedItem(Guid Id, ReviewItemView? Item, ExaminationView? Exam, ImageView? Image, IReadOnlyList<HistoryEntry> History);

/// <summary>Why the page (re)loads its item: it opened it, the ledger changed, or the reader looks again after a refusal or a vote.</summary>
public enum LoadReason
{
    Open = 0,
    Live = 1,
    Look = 2,
}

/// <summary>The mask drawn over the frame and its caption (images).</summary>
public sealed record OverlayView(byte[]? Mask, string Caption);

/// <summary>
/// The review item page's whole state, changed only by <see cref="ReviewPageTransitions"/> (pure). The component
/// renders it and runs the effects the transitions ask for.
/// </summary>
public sealed record ReviewPageState
{
    public required Guid ItemId { get; init; }
    public required ReviewItemKind Kind { get; init; }
    public ReviewPhase Phase { get; init; } = ReviewPhase.Loading;
    public ReviewItemView? Item { get; init; }
    public ExaminationView? Exam { get; init; }
    public ImageView? Image { get; init; }
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>
    /// The item's version whose content the reader has on screen and decides on: the vote carries it as its expected
    /// version, so a vote on content the reader did not see is refused (409). A live change during a draft leaves it.
    /// </summary>
    public long SeenVersion { get; init; }

    public VoteDraft Draft { get; init; } = new();
    public string? Missing { get; init; }
    public Notice? Message { get; init; }

    /// <summary>A vote (or an undo) is on its way: keys wait.</summary>
    public bool Sending { get; init; }

    /// <summary>The reader's vote was recorded on this page: the panel says so and shows the others' votes.</summary>
    public bool Recorded { get; init; }

    /// <summary>The ledger moved past <see cref="SeenVersion"/> while the reader had a draft open.</summary>
    public bool ChangedMeanwhile { get; init; }

    public LabelSnapshot? Snapshot { get; init; }
    public long? DiffFrom { get; init; }

    /// <summary>A mask diff is on show: live reloads leave it there until Esc or another pick.</summary>
    public bool DiffShown { get; init; }
    public OverlayView Overlay { get; init; } = new(null, "No mask proposed");
    public bool Editing { get; init; }
    public bool Typing { get; init; }
    public string? ClaimProblem { get; init; }
    public QueuePosition? Position { get; init; }
    public bool Adjudicator { get; init; }

    public bool IsLoaded => Phase == ReviewPhase.Loaded && Item is not null;

    /// <summary>A Lead deciding an item that did not converge adjudicates; everyone else votes.</summary>
    public bool Adjudicating => Item?.Stage == Pipeline.Features.Review.ReviewStage.Adjudication && Adjudicator;

    public static ReviewPageState Open(Guid id, ReviewItemKind kind, bool adjudicator) => new() { ItemId = id, Kind = kind, Adjudicator = adjudicator };

    /// <summary>The item's mask now: the final one once decided, else the latest proposal or reader's correction.</summary>
    public static OverlayView CurrentMask(ReviewItemView? item) => Mask(
        item?.Final?.MaskRle ?? item?.ProposedMask,
        item?.Final is not null ? "Final mask"
        : item?.MaskBy is { } by ? $"Mask by {by}{(item.MaskVersion is { } v ? $", v{v}" : "")}: accept (A) confirms it"
        : "Proposed mask");

    public static OverlayView Mask(MaskRle? mask, string caption) =>
        mask is null ? new(null, "No mask proposed") : new(Shared.Masks.MaskRleCodec.Decode(mask), caption);
}
