using EndoKED.Pipeline.Features.Biopsy.Evaluating;
using EndoKED.Pipeline.Features.FrameLabels.Featurising;
using EndoKED.Pipeline.Features.FrameLabels.Scoring;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;

/// <summary>A frame-scorer run's measures, pure: validation AUC per centre, and the export checked against TorchSharp.</summary>
public static class MilValidation
{
    /// <summary>The export must reproduce TorchSharp's frame logits this closely.</summary>
    public const double OnnxTolerance = 1e-3;

    /// <summary>Examinations scored by their highest frame logit: AUC over every centre and per centre (null with one class).</summary>
    public static (double? Overall, IReadOnlyList<MilCentreAuc> Centres) Validate(
        IReadOnlyList<(MilBagEntry Entry, MilBag Bag)> bags, Func<MilBag, float[]> logits)
    {
        var scored = bags.Select(b => (b.Entry.Centre, Case: new ScoredCase(Sigmoid(logits(b.Bag).Max()), b.Bag.Positive))).ToList();
        var centres = scored.GroupBy(s => s.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MilCentreAuc(g.Key, g.Count(), g.Count(s => s.Case.Adenoma), BiopsyMetrics.Auc([.. g.Select(s => s.Case)]))).ToList();
        return (BiopsyMetrics.Auc([.. scored.Select(s => s.Case)]), centres);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// Each frame as a feature map holding its pooled features in every cell: global average pooling gives the pooled
    /// vector back, so the ONNX head's probability is the served one, and every CAM cell must equal the frame logit.
    /// </summary>
    public static List<FrameFeatures> ConstantMaps(MilBag bag) => [.. bag.Instances.Select(pooled =>
    {
        var map = new float[FrameFeatures.Channels * FrameFeatures.MapCells];
        for (var c = 0; c < FrameFeatures.Channels; c++) Array.Fill(map, pooled[c], c * FrameFeatures.MapCells, FrameFeatures.MapCells);
        return new FrameFeatures(bag.Id, 0, 0, pooled, map);
    })];

    /// <summary>The served ONNX against TorchSharp on the same frames: the largest difference of a frame logit or a CAM cell.</summary>
    public static double Check(MilNetwork network, MilScorer scorer, IReadOnlyList<MilBag> bags)
    {
        var diff = 0.0;
        foreach (var bag in bags)
        {
            var torch = network.InstanceLogits([.. bag.Instances.SelectMany(i => i)], bag.Instances.Count);
            var onnx = scorer.Score(ConstantMaps(bag));
            for (var i = 0; i < torch.Length; i++)
                diff = Math.Max(diff, Math.Max(Math.Abs(torch[i] - onnx[i].Logit), onnx[i].Cam.Max(c => Math.Abs(c - torch[i]))));
        }
        if (diff > OnnxTolerance)
            throw new InvalidOperationException($"The exported frame scorer differs from the trained one by {diff:G3} on a frame logit (allowed {OnnxTolerance}).");
        return diff;
    }
}
