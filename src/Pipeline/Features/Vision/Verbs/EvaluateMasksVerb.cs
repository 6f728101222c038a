using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Metrics;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Vision.Verbs;

/// <summary><c>./endoked evaluate-masks</c> (cli.md): per-image and mean Dice, IoU, precision, recall and HD95.</summary>
public sealed class EvaluateMasksVerb : IVerb
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name => "evaluate-masks";
    public string Summary => "score predicted masks against gold masks (Dice, IoU, precision, recall, HD95)";
    public string Help => """
        Usage: ./endoked evaluate-masks --pred DIR --gold DIR [--output FILE.json]

        Masks are single-channel images (foreground > 127), matched by file stem. An empty gold mask with an empty
        prediction scores Dice 1; one empty side scores 0 with HD95 = the image diagonal. A gold mask with no prediction
        counts as an empty prediction. Prints the means; --output writes per-image scores and means as JSON.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var pred = args.Required("pred");
        var gold = args.Required("gold");
        var output = args.Optional("output");
        args.EnsureAllRead();
        if (!Directory.Exists(pred)) throw new UsageException($"--pred '{pred}' is not a folder.");
        if (!Directory.Exists(gold)) throw new UsageException($"--gold '{gold}' is not a folder.");

        var predByStem = Directory.EnumerateFiles(pred).GroupBy(f => Path.GetFileNameWithoutExtension(f)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<object>();
        var scores = new List<MaskScores>();
        var errors = 0;
        foreach (var goldPath in Directory.EnumerateFiles(gold).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stem = Path.GetFileNameWithoutExtension(goldPath);
            var g = Read(goldPath);
            if (g is null)
            {
                errors++;
                rows.Add(new { file = stem, error = "gold mask could not be read" });
                continue;
            }
            var p = predByStem.TryGetValue(stem, out var pp) ? Read(pp) : BinaryMask.Empty(g.Width, g.Height);
            if (p is null || p.Width != g.Width || p.Height != g.Height)
            {
                errors++;
                rows.Add(new { file = stem, error = p is null ? "prediction could not be read" : $"size {p.Width}x{p.Height} differs from gold {g.Width}x{g.Height}" });
                continue;
            }
            var s = MaskMetrics.Compute(g, p);
            scores.Add(s);
            rows.Add(new { file = stem, s.Dice, iou = s.IoU, s.Precision, s.Recall, hd95 = s.Hd95 });
        }

        var mean = MaskScores.Mean(scores);
        await console.Out.WriteLineAsync($"{scores.Count} masks scored, {errors} error(s): Dice {mean.Dice:0.0000}  IoU {mean.IoU:0.0000}  precision {mean.Precision:0.0000}  recall {mean.Recall:0.0000}  HD95 {mean.Hd95:0.00} px");
        if (output is not null)
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new { images = rows, mean = new { mean.Dice, iou = mean.IoU, mean.Precision, mean.Recall, hd95 = mean.Hd95 }, count = scores.Count, errors }, Json), cancellationToken);
        return scores.Count == 0 && errors > 0 ? 1 : 0;
    }

    private static BinaryMask? Read(string path)
    {
        using var m = Cv2.ImRead(path, ImreadModes.Grayscale);
        return m.Empty() ? null : MaskMats.FromGrey(m);
    }
}
