using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>Why a student's proposal was not taken, as a stable code (stored in the ledger's round outcomes).</summary>
public static class StudentBoxRefusals
{
    /// <summary><c>box-refused:&lt;BoxRejection&gt;</c>: the box filter refused the box around the student's regions.</summary>
    public static string BoxRefused(BoxRejection rejection) => $"box-refused:{rejection}";

    /// <summary>The student's box points elsewhere than the box the frame's mask came from (<see cref="BoxAgreement"/>).</summary>
    public const string Elsewhere = "box-elsewhere";

    /// <summary>The refiner drew nothing in the student's box.</summary>
    public const string EmptyMask = "empty-mask";

    /// <summary>The refined mask's quality is under the round's minimum.</summary>
    public const string LowQuality = "low-quality";

    /// <summary>The frame could not be read or decoded.</summary>
    public const string Unreadable = "unreadable";
}

/// <summary>
/// What a student's prediction on one frame came to: the box filter's verdict on the box around its regions, and either
/// the refined mask (taken) or the refusal (<see cref="RefusalCode"/> from <see cref="StudentBoxRefusals"/>, with the
/// reason in words). A refused frame keeps its earlier mask.
/// </summary>
public sealed record StudentBoxOutcome(BoxResult Box, MaskProposal? Proposal, string? RefusalCode, string? Refusal)
{
    public bool Taken => RefusalCode is null && Proposal is not null;

    public static StudentBoxOutcome Refused(BoxResult box, string code, string why, MaskProposal? proposal = null) => new(box, proposal, code, why);
}

/// <summary>
/// The core of a self-training round, shared by <c>./endoked self-train</c> (<see cref="StudentRound"/>) and the ledger's
/// rounds: a student's predicted mask → the box around its regions, judged by the same <see cref="BoxFilter"/> as the CAM's
/// → the refiner's mask in a kept box → the gate (box kept, the box agrees with the box the frame's earlier mask came
/// from, a non-empty mask of at least <paramref name="minQuality"/>). Pure apart from the refiner; thread-safe when it is.
/// </summary>
public sealed class StudentBoxProposer(IMaskRefiner refiner, BoxFilterOptions box, double minQuality)
{
    private readonly BoxFilter _filter = new(box);

    public IMaskRefiner Refiner => refiner;

    public double MinQuality => minQuality;

    /// <summary>The box filter's verdict on the student's predicted regions (NoActivation when it predicts nothing).</summary>
    public BoxResult BoxOf(BinaryMask predicted, int width, int height)
    {
        using var grey = MaskMats.ToMat(predicted);
        var regions = ConnectedComponents.Find(grey);
        return regions.Count == 0
            ? BoxResult.Refused(BoxRejection.NoActivation, "the student predicts no polyp pixel")
            : _filter.Decide(regions, width, height);
    }

    /// <param name="frame">The decoded frame.</param>
    /// <param name="predicted">The student's mask on it.</param>
    /// <param name="earlierBox">x0, y0, x1, y1 of the box the frame's current mask came from; null when it has no mask.</param>
    public StudentBoxOutcome Propose(FrameImage frame, BinaryMask predicted, int[]? earlierBox, CancellationToken ct)
    {
        var result = BoxOf(predicted, frame.Width, frame.Height);
        if (result.Box is not { } kept)
            return StudentBoxOutcome.Refused(result, StudentBoxRefusals.BoxRefused(result.Rejection),
                $"student box refused ({result.Rejection}): {result.Reason}");
        if (BoxAgreement.Disagreement([kept.X0, kept.Y0, kept.X1, kept.Y1], earlierBox) is { } elsewhere)
            return StudentBoxOutcome.Refused(result, StudentBoxRefusals.Elsewhere, elsewhere);
        var proposal = refiner.Refine(frame, new Box(kept.X0, kept.Y0, kept.X1, kept.Y1), ct);
        if (proposal.Mask.IsEmpty)
            return StudentBoxOutcome.Refused(result, StudentBoxRefusals.EmptyMask,
                $"the refiner gave an empty mask in the student box ({proposal.Note})", proposal);
        if (proposal.Quality < minQuality)
            return StudentBoxOutcome.Refused(result, StudentBoxRefusals.LowQuality,
                $"refined mask quality {proposal.Quality:F3} is under {minQuality:F2}", proposal);
        return new(result, proposal, null, null);
    }
}
