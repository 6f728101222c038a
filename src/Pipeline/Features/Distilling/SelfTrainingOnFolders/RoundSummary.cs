using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>
/// One round of self-train.json. Masks of polyp frames only: <see cref="PolypMasks"/> frames the MIL head calls polyp
/// that have a mask, <see cref="FromStudent"/> of them newly refined from a student box this round,
/// <see cref="Changed"/> whose mask differs from the previous round's (of which <see cref="New"/> had none), and
/// <see cref="Kept"/> whose earlier mask stays. Polyp-free frames keep their empty mask (<see cref="EmptyMasks"/>).
/// Null where a figure does not apply (round 0 has no student).
/// </summary>
public sealed record RoundSummary(
    int Round,
    int Frames,
    int Errors,
    int PolypFrames,
    int PolypMasks,
    int EmptyMasks,
    int? FromStudent,
    int? Changed,
    int? New,
    int? Kept,
    int? TrainPositives,
    int? TrainNegatives,
    int? Epochs,
    double? TrainLoss,
    string? StudentVersion,
    string? StudentSha256,
    string? Note,
    double Seconds)
{
    public static RoundSummary Count(int round, IReadOnlyList<PseudoLabelLine> lines, double seconds) => new(
        round, lines.Count, lines.Count(l => l.Error is not null), lines.Count(l => l.Polyp == true),
        lines.Count(l => l.Polyp == true && l.Mask is not null), lines.Count(l => l.Polyp == false && l.Mask is not null),
        null, null, null, null, null, null, null, null, null, null, null, Math.Round(seconds, 2));

    /// <summary>The progress line printed when the round ends.</summary>
    public string Describe()
    {
        var head = $"round {Round}: {Frames} frames, {PolypFrames} polyp, {PolypMasks} with a mask, {EmptyMasks} polyp-free (empty masks), {Errors} unreadable";
        if (Round == 0) return $"{head}; boxes from the CAM ({Seconds:F1} s)";
        if (StudentSha256 is null) return $"{head}; no student: {Note} ({Seconds:F1} s)";
        return $"{head}; student {StudentSha256[..12]} trained on {TrainPositives} masks + {TrainNegatives} polyp-free frames " +
            $"({Epochs} epochs, loss {TrainLoss:F3}): {FromStudent} masks from its boxes ({New} new, {Changed} changed), {Kept} kept ({Seconds:F1} s)";
    }

    public static void WriteTable(TextWriter w, IReadOnlyList<RoundSummary> rounds)
    {
        w.WriteLine($"{"round",5} {"frames",7} {"polyp",6} {"masks",6} {"student",8} {"changed",8} {"new",5} {"kept",5} {"loss",7}  student model");
        foreach (var r in rounds)
            w.WriteLine($"{r.Round,5} {r.Frames,7} {r.PolypFrames,6} {r.PolypMasks,6} {Dash(r.FromStudent),8} {Dash(r.Changed),8} {Dash(r.New),5} " +
                $"{Dash(r.Kept),5} {(r.TrainLoss is { } l ? l.ToString("F3", CultureInfo.InvariantCulture) : "-"),7}  " +
                $"{(r.Round == 0 ? "(CAM boxes)" : r.StudentSha256?[..12] ?? "(none)")}");
    }

    private static string Dash(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>self-train.json: what ran on which frames, and every round's figures.</summary>
public sealed record SelfTrainReport(string Images, string MilModel, string MilVersion, string Refiner, SelfTrainSettings Settings,
    IReadOnlyList<RoundSummary> Rounds)
{
    public const string FileName = "self-train.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(string outputDir) =>
        File.WriteAllText(Path.Combine(outputDir, FileName), JsonSerializer.Serialize(this, Json));
}
