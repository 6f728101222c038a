using EndoKED.TestSupport;
using System.Text.Json;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Bench.WeakChain;

/// <summary>
/// One row of the per-round table. Dice over all polyp frames counts a frame without a mask (no box, or called
/// polyp-free) as 0. Polyp-free counts are null for rows that do not call frames (the ellipse, the expert boxes).
/// </summary>
internal sealed record ChainMeasures(int PolypFrames, IReadOnlyList<double> Masked, IReadOnlyList<double> All,
    int PolypFree, int? FreeCalledPolyp, int? FreeMasked)
{
    /// <summary>Dice of the masks seeded from a refused CAM box (no box kept), among <see cref="Masked"/>.</summary>
    public IReadOnlyList<double> Seeded { get; init; } = [];
}

internal static class WeakChainTable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<PseudoLabelLine> ReadLines(string roundDir) =>
        [.. File.ReadLines(Path.Combine(roundDir, PseudoLabelRunner.LogName)).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<PseudoLabelLine>(l, Json)!)];

    /// <summary>A round's lines (in frame order) against the expert masks (null for polyp-free frames).</summary>
    public static ChainMeasures Measure(IReadOnlyList<PseudoLabelLine> lines, string roundDir, IReadOnlyList<BinaryMask?> golds, FrameLoader loader)
    {
        var (masked, all, seeded) = (new List<double>(), new List<double>(), new List<double>());
        var (free, called, freeMasked) = (0, 0, 0);
        for (var i = 0; i < golds.Count; i++)
        {
            var line = lines[i];
            var mask = line.Polyp == true && line.Mask is { } name ? loader.LoadMask(Path.Combine(roundDir, name)).Mask : null;
            var hasMask = mask is { IsEmpty: false };
            if (golds[i] is not { } gold)
            {
                free++;
                called += line.Polyp == true ? 1 : 0;
                freeMasked += hasMask ? 1 : 0;
                continue;
            }
            var dice = hasMask ? MaskMetrics.Compute(gold, mask!).Dice : 0;
            all.Add(dice);
            if (hasMask) masked.Add(dice);
            if (hasMask && line.SeededFromCam) seeded.Add(dice);
        }
        return new ChainMeasures(all.Count, masked, all, free, called, freeMasked) { Seeded = seeded };
    }

    /// <summary>The fixed guess: an ellipse centred in the frame, half its width and height across, on every polyp frame.</summary>
    public static ChainMeasures Ellipse(IReadOnlyList<BinaryMask?> golds)
    {
        var dice = golds.OfType<BinaryMask>().Select(g => MaskMetrics.Compute(g, FixedGuesses.CentredEllipse(g.Width, g.Height)).Dice).ToList();
        return new ChainMeasures(dice.Count, dice, dice, golds.Count(g => g is null), null, null);
    }

    /// <summary>The ceiling of the box chain: the refiner given each polyp frame's expert box (5 % margin, as the refiner bench).</summary>
    public static ChainMeasures ExpertBoxes(IReadOnlyList<string> paths, IReadOnlyList<BinaryMask?> golds, IMaskRefiner refiner, FrameLoader loader, CancellationToken ct)
    {
        var (masked, all) = (new List<double>(), new List<double>());
        for (var i = 0; i < golds.Count; i++)
        {
            if (golds[i] is not { } gold || Box.Around(gold) is not { } box) continue;
            using var frame = loader.LoadFile(paths[i]).Frame!;
            var mask = refiner.Refine(frame, box.Expand(0.05), ct).Mask;
            var dice = mask.IsEmpty ? 0 : MaskMetrics.Compute(gold, mask).Dice;
            all.Add(dice);
            if (!mask.IsEmpty) masked.Add(dice);
        }
        return new ChainMeasures(all.Count, masked, all, golds.Count(g => g is null), null, null);
    }

    public static void Header(TextWriter output)
    {
        output.WriteLine("| masks from | polyp frames with a mask | Dice of those masks | Dice over all polyp frames (no mask = 0) | polyp-free called polyp | polyp-free given a mask | seconds |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    }

    public static void Row(TextWriter output, string name, ChainMeasures m, double? seconds)
    {
        var share = m.PolypFrames == 0 ? "0/0" : $"{m.Masked.Count}/{m.PolypFrames} ({100.0 * m.Masked.Count / m.PolypFrames:F1} %)";
        var free = (int? n) => n is { } v ? $"{v}/{m.PolypFree}" : "n/a";
        output.WriteLine($"| {name} | {share} | {(m.Masked.Count > 0 ? m.Masked.Average() : double.NaN):F3} | " +
            $"{(m.All.Count > 0 ? m.All.Average() : double.NaN):F3} | {free(m.FreeCalledPolyp)} | {free(m.FreeMasked)} | {(seconds is { } s ? $"{s:F0}" : "-")} |");
        if (m.Seeded.Count > 0)
            output.WriteLine($"| … of which seeded from a refused CAM box | {m.Seeded.Count} | {m.Seeded.Average():F3} | | | | |");
    }
}
