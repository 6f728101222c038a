using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Review.Agreement;

/// <summary>What agreement statistics need of one item: machine and final labels, readers' answers, proposed and final masks.</summary>
public sealed record ItemAgreement
{
    public Guid Id { get; init; }
    public ReviewItemKind Kind { get; init; }
    public string CentreId { get; init; } = "";

    /// <summary>Examinations: the machines' label in force when the final label came (the latest before it).</summary>
    public PolypLabel? MachineLabel { get; init; }
    public bool IsFinal { get; init; }
    public ReviewVerdict? FinalOutcome { get; init; }
    public PolypLabel? FinalLabel { get; init; }

    /// <summary>Each reader's standing answer: <c>present</c>, <c>absent</c> or <c>reject</c> for examinations; the verdict for images.</summary>
    public Dictionary<string, string> ReaderAnswers { get; init; } = [];
    public bool Reviewed { get; init; }

    public MaskRle? ProposedMask { get; init; }
    public MaskRle? FinalMask { get; init; }
    public long Version { get; set; }
}

/// <summary>Pure fold of examination and image streams into <see cref="ItemAgreement"/>.</summary>
public sealed partial class ItemAgreementProjection : SingleStreamProjection<ItemAgreement, Guid>
{
    public static ItemAgreement Create(ExaminationIngested e) => new() { Id = e.ExaminationId, Kind = ReviewItemKind.Examination, CentreId = e.CentreId };

    public static ItemAgreement Create(ImageIngested e) => new() { Id = e.ImageId, Kind = ReviewItemKind.Image, CentreId = e.CentreId };

    public static ItemAgreement Apply(ExaminationLabelProposed e, ItemAgreement a) => a.IsFinal ? a : a with { MachineLabel = e.Label };

    /// <summary>The hook for the image events' mask proposal (MaskProposed): the latest proposal before the final mask.</summary>
    public static ItemAgreement WithMaskProposal(ItemAgreement a, MaskRle mask) => a.IsFinal ? a : a with { ProposedMask = mask };

    public static ItemAgreement Apply(MaskProposed e, ItemAgreement a) => WithMaskProposal(a, e.Rle);

    public static ItemAgreement Apply(VoteCast e, ItemAgreement a) => a with
    {
        Reviewed = true,
        ReaderAnswers = new Dictionary<string, string>(a.ReaderAnswers) { [e.Reader] = Answer(e) },
    };

    /// <summary>An undone vote is no answer of that reader any more.</summary>
    public static ItemAgreement Apply(VoteWithdrawn e, ItemAgreement a)
    {
        var answers = new Dictionary<string, string>(a.ReaderAnswers);
        answers.Remove(e.Reader);
        return a with { ReaderAnswers = answers };
    }

    public static ItemAgreement Apply(ConsensusReached e, ItemAgreement a) => a with
    {
        IsFinal = true,
        Reviewed = true,
        FinalOutcome = e.Outcome,
        FinalLabel = e.Label,
        // An accepted proposal is the final mask even when the event could not repeat it.
        FinalMask = e.MaskRle ?? (e.Outcome == ReviewVerdict.Accept ? a.ProposedMask : null),
    };

    public static string Answer(VoteCast e) => e.ItemKind == ReviewItemKind.Examination
        ? (e.Verdict == ReviewVerdict.Reject ? "reject" : ReviewValues.LabelOf(e.ValueJson)?.ToString().ToLowerInvariant() ?? "reject")
        : e.Verdict.ToString().ToLowerInvariant();
}
