using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

/// <summary>
/// One line of pseudo-label.jsonl: a frame's probability, box or rejection, and mask, or the error for it. Lines of
/// <c>self-train</c> rounds add where the frame's box came from (<see cref="Round"/>, <see cref="BoxSource"/>: <c>cam</c>,
/// <c>student</c> or <c>kept-from-round-&lt;k&gt;</c>), the round's student (<see cref="StudentSha256"/>) and what
/// became of its proposal (<see cref="StudentOutcome"/>); pseudo-label leaves them out.
/// </summary>
public sealed record PseudoLabelLine(
    string File,
    double? Probability,
    bool? Polyp,
    int[]? Box,
    int[]? Candidate,
    string? Rejection,
    string? Reason,
    string? Mask,
    string? Refiner,
    double? Quality,
    string? Note,
    string? MilVersion,
    string? FeaturesVersion,
    string? Error,
    string? LocaliserVersion = null,
    IReadOnlyList<PseudoLabelCandidate>? Candidates = null,
    int? Round = null,
    string? BoxSource = null,
    string? StudentSha256 = null,
    string? StudentOutcome = null)
{
    /// <summary><see cref="BoxSource"/> of a mask the refiner drew from the CAM's own region in a refused box.</summary>
    public const string CamSeeds = "cam-seeds";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Model versions hold '+'; the file is read by scripts, not embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PseudoLabelLine Failed(string file, string error) =>
        new(file, null, null, null, null, null, null, null, null, null, null, null, null, error);

    public static PseudoLabelLine From(string file, FramePseudoLabel label, string? mask, MaskProposal? proposal, string? error = null) => new(
        file, Math.Round(label.Probability ?? 0, 6), label.IsPolyp, Corners(label.Box.Box), Corners(label.Box.Candidate),
        label.Box.Accepted ? null : label.Box.Rejection.ToString(), label.Box.Reason, mask, proposal?.Provenance,
        proposal is null ? null : Math.Round(proposal.Quality, 4), proposal?.Note, label.MilVersion, label.FeatureExtractorVersion, error,
        label.LocaliserVersion, CandidatesOf(label.Box));

    /// <summary>
    /// The same frame with another box (or rejection, with its candidates) and the mask refined from it; the frame's
    /// probability and the models that labelled it stay.
    /// </summary>
    public PseudoLabelLine WithBox(BoxResult box, string localiserVersion, string? mask, MaskProposal? proposal) => this with
    {
        Box = Corners(box.Box), Candidate = Corners(box.Candidate), Rejection = box.Accepted ? null : box.Rejection.ToString(),
        Reason = box.Reason, Mask = mask, Refiner = proposal?.Provenance, Quality = proposal is null ? null : Math.Round(proposal.Quality, 4),
        Note = proposal?.Note, LocaliserVersion = localiserVersion, Candidates = CandidatesOf(box),
    };

    /// <summary>The mask was drawn from the CAM's own region in a refused box (no box was kept, yet there is a mask).</summary>
    [JsonIgnore]
    public bool SeededFromCam => Mask is not null && Polyp == true && Box is null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static PseudoLabelCandidate[]? CandidatesOf(BoxResult box) => box.Candidates.Count == 0 ? null
        : [.. box.Candidates.Select(c => new PseudoLabelCandidate(Corners(c.Box)!, c.Accepted ? null : c.Rejection.ToString(), c.Reason))];

    private static int[]? Corners(PixelBox? b) => b is null ? null : [b.X0, b.Y0, b.X1, b.Y1];
}

/// <summary>One candidate region of a frame's CAM and the filter's verdict (rejection null: it passed).</summary>
public sealed record PseudoLabelCandidate(int[] Box, string? Rejection, string Reason);
