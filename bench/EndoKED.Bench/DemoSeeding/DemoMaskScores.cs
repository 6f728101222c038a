using System.Text.Json;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using EndoKED.Shared.Masks;
using Marten;

namespace EndoKED.Bench.DemoSeeding;

/// <summary>How the ledger's latest machine masks compare with the demo's ground truth (the masks its frames were drawn from).</summary>
/// <param name="PolypFrames">Frames whose truth shows a polyp.</param>
/// <param name="MaskedPolypFrames">Of those, frames with a machine mask.</param>
/// <param name="MaskDice">Mean Dice of the masks on polyp frames.</param>
/// <param name="AllPolypDice">Mean Dice over every polyp frame, a frame without a mask counting as an empty mask (0).</param>
/// <param name="AreaRatio">Mean mask area over truth area, on masked polyp frames.</param>
/// <param name="MasksOnClearFrames">Masks on frames whose truth shows no polyp.</param>
/// <param name="ClearFrames">Frames whose truth shows no polyp.</param>
public sealed record DemoMaskScore(int PolypFrames, int MaskedPolypFrames, double MaskDice, double AllPolypDice, double AreaRatio,
    int MasksOnClearFrames, int ClearFrames);

public static class DemoMaskScores
{
    /// <param name="demoFolder">The generated demo (its <c>ground-truth</c> folder), as the seeder wrote it.</param>
    /// <param name="provenance">Only masks whose provenance starts so (null: any machine mask); the latest proposal of each frame counts.</param>
    public static async Task<DemoMaskScore> ScoreAsync(IDocumentStore store, string demoFolder, string? provenance = null, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var exams = await session.Query<ExaminationView>().ToListAsync(ct);
        var images = (await session.LoadManyAsync<ImageView>(ct, exams.SelectMany(e => e.ImageIds))).ToDictionary(i => i.Id);
        var loader = new FrameLoader();
        var (dice, allDice, ratios) = (new List<double>(), new List<double>(), new List<double>());
        int clear = 0, onClear = 0;
        foreach (var exam in exams)
        {
            var truthDir = Path.Combine(demoFolder, EndoKED.Pipeline.Features.Demo.Generating.DemoRecordsGenerator.GroundTruthFolder, exam.CentreId, exam.SourceKey);
            var truthFile = Path.Combine(truthDir, "truth.json");
            if (!File.Exists(truthFile)) continue;
            using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(truthFile, ct));
            var frames = truth.RootElement.GetProperty("frames").EnumerateArray()
                .ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("mask").GetString()!, StringComparer.Ordinal);
            foreach (var image in exam.ImageIds.Select(images.GetValueOrDefault).OfType<ImageView>())
            {
                if (!frames.TryGetValue(image.OriginalName, out var maskFile)) continue;
                var gold = loader.LoadMask(Path.Combine(truthDir, maskFile)).Mask;
                if (gold is null) continue;
                var proposal = image.Masks.Where(m => provenance is null || m.Provenance.StartsWith(provenance, StringComparison.Ordinal))
                    .MaxBy(m => m.At);
                var predicted = proposal is null ? null : BinaryMask.FromValues(proposal.Rle.Width, proposal.Rle.Height, MaskRleCodec.Decode(proposal.Rle));
                if (gold.IsEmpty)
                {
                    clear++;
                    if (predicted is { IsEmpty: false }) onClear++;
                    continue;
                }
                var score = predicted is null ? 0 : MaskMetrics.Compute(gold, predicted).Dice;
                allDice.Add(score);
                if (predicted is null) continue;
                dice.Add(score);
                ratios.Add((double)predicted.Area / gold.Area);
            }
        }
        return new DemoMaskScore(allDice.Count, dice.Count, Mean(dice), Mean(allDice), Mean(ratios), onClear, clear);
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();
}
