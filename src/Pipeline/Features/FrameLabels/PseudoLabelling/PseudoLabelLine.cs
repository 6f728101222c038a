using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

/// <summary>One line of pseudo-label.jsonl: a frame's probability, box or rejection, and mask, or the error for it.</summary>
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
    IReadOnlyList<PseudoLabelCandidate>? Candidates = null)
{
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
        label.LocaliserVersion, label.Box.Candidates.Count == 0 ? null
            : [.. label.Box.Candidates.Select(c => new PseudoLabelCandidate(Corners(c.Box)!, c.Accepted ? null : c.Rejection.ToString(), c.Reason))]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static int[]? Corners(PixelBox? b) => b is null ? null : [b.X0, b.Y0, b.X1, b.Y1];
}

/// <summary>One candidate region of a frame's CAM and the filter's verdict (rejection null: it passed).</summary>
public sealed record PseudoLabelCandidate(int[] Box, string? Rejection, string Reason);
