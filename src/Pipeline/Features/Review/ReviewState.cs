using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>Where an item stands in review.</summary>
public enum ReviewStage
{
    /// <summary>Readers are voting.</summary>
    Voting,

    /// <summary>The readers did not converge; a Lead decides.</summary>
    Adjudication,

    /// <summary>A final label exists (consensus or adjudication).</summary>
    Final,
}

/// <summary>One vote as the write model keeps it.</summary>
public sealed record ReviewVote(
    Guid VoteId, string Reader, ReviewVerdict Verdict, string? ValueJson, MaskRle? Mask,
    ReviewReason Reason, string? ReasonText, Guid? SupersedesVote, DateTimeOffset At)
{
    public static ReviewVote From(VoteCast e) =>
        new(e.VoteId, e.Reader, e.Verdict, e.ValueJson, e.MaskRle, e.Reason, e.ReasonText, e.SupersedesVote, e.At);

    public DissentingVote AsDissent() => new(VoteId, Reader, Verdict, Reason, ReasonText);
}

/// <summary>A mask a reader drew as their correction.</summary>
public sealed record ReaderMask(MaskRle Mask, string Reader, Guid VoteId, long? Version);

/// <summary>
/// The review write model of one examination or image stream: a pure fold (no services, no I/O). Deciders take it as
/// input; time travel folds it up to a version or a moment.
/// </summary>
public sealed record ReviewState
{
    public Guid Id { get; init; }
    public ReviewItemKind Kind { get; init; }
    public string CentreId { get; init; } = "";

    /// <summary>Examinations: the machines' latest proposed label and its value (<c>{"label":"present"}</c>).</summary>
    public PolypLabel? ProposedLabel { get; init; }

    /// <summary>Images: the frame's size, which a corrected mask must match.</summary>
    public int Width { get; init; }
    public int Height { get; init; }

    /// <summary>Images: the latest mask proposal, once the mask events set it (<see cref="WithMaskProposal"/>).</summary>
    public MaskRle? ProposedMask { get; init; }

    /// <summary>
    /// Images: the latest mask a reader drew (a correct vote) since the latest proposal, with who drew it and the stream
    /// version of that vote; null while none, or once that vote is withdrawn or a new proposal arrives.
    /// </summary>
    public ReaderMask? Correction { get; init; }

    /// <summary>Images: the mask a reader is asked to confirm: the latest reader's correction, else the proposal.</summary>
    public MaskRle? MaskToConfirm => Correction?.Mask ?? ProposedMask;

    /// <summary>Every vote, oldest first, superseded and withdrawn ones included.</summary>
    public IReadOnlyList<ReviewVote> Votes { get; init; } = [];

    /// <summary>The votes their readers took back (<see cref="VoteWithdrawn"/>): no longer standing.</summary>
    public IReadOnlySet<Guid> Withdrawn { get; init; } = new HashSet<Guid>();

    public ReviewStage Stage { get; init; }
    public string? AdjudicationReason { get; init; }
    public ConsensusReached? Final { get; init; }
    public long Version { get; set; }

    public bool Exists => CentreId.Length > 0;

    /// <summary>The latest vote of each reader, in the order they were cast, unless the reader withdrew it.</summary>
    public IReadOnlyList<ReviewVote> StandingVotes
    {
        get
        {
            var latest = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < Votes.Count; i++) latest[Votes[i].Reader] = i;
            return [.. latest.Values.Order().Select(i => Votes[i]).Where(v => !Withdrawn.Contains(v.VoteId))];
        }
    }

    public ReviewVote? StandingVoteOf(string reader) => Votes.LastOrDefault(v => v.Reader == reader) is { } v && !Withdrawn.Contains(v.VoteId) ? v : null;

    /// <summary>The value an accept stands for: the proposal, as JSON.</summary>
    public string? ProposedValueJson => ProposedLabel is PolypLabel.Present or PolypLabel.Absent
        ? ReviewValues.LabelValue(ProposedLabel.Value)
        : null;

    public static ReviewState Create(ExaminationIngested e) =>
        new() { Id = e.ExaminationId, Kind = ReviewItemKind.Examination, CentreId = e.CentreId };

    public static ReviewState Create(ImageIngested e) =>
        new() { Id = e.ImageId, Kind = ReviewItemKind.Image, CentreId = e.CentreId, Width = e.Width, Height = e.Height };

    public ReviewState Apply(ExaminationLabelProposed e) => this with { ProposedLabel = e.Label };

    /// <summary>The hook for the image events' mask proposal (MaskProposed): the mask an accept stands for.</summary>
    public ReviewState WithMaskProposal(MaskRle mask) => this with { ProposedMask = mask, Correction = null };

    /// <param name="e">The vote.</param>
    /// <param name="version">The vote's stream version when known (Marten passes it; a plain fold does not).</param>
    public ReviewState Apply(VoteCast e, long? version = null) => this with
    {
        Votes = [.. Votes, ReviewVote.From(e)],
        Correction = e.ItemKind == ReviewItemKind.Image && e.Verdict == ReviewVerdict.Correct && e.MaskRle is { } drawn
            ? new ReaderMask(drawn, e.Reader, e.VoteId, version)
            : Correction,
    };

    public ReviewState Apply(VoteWithdrawn e) => this with
    {
        Withdrawn = new HashSet<Guid>(Withdrawn) { e.VoteId },
        Correction = Correction?.VoteId == e.VoteId ? null : Correction,
    };

    public ReviewState Apply(AdjudicationRequested e) =>
        Stage == ReviewStage.Final ? this : this with { Stage = ReviewStage.Adjudication, AdjudicationReason = e.Reason };

    public ReviewState Apply(ConsensusReached e) => this with { Stage = ReviewStage.Final, Final = e };

    /// <summary>Folds events in order (the same fold Marten runs), for deciders and tests.</summary>
    public static ReviewState Fold(IEnumerable<object> events, ReviewState? state = null)
    {
        foreach (var e in events)
        {
            state = e switch
            {
                ExaminationIngested x => Create(x),
                ImageIngested x => Create(x),
                ExaminationLabelProposed x => (state ?? new()).Apply(x),
                VoteCast x => (state ?? new()).Apply(x),
                VoteWithdrawn x => (state ?? new()).Apply(x),
                MaskProposed x => (state ?? new()).WithMaskProposal(x.Rle),
                AdjudicationRequested x => (state ?? new()).Apply(x),
                ConsensusReached x => (state ?? new()).Apply(x),
                _ => state,
            };
        }

        return state ?? new();
    }
}
