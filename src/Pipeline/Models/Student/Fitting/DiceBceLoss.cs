using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>Binary cross-entropy on logits plus a soft Dice loss per image (smoothed by 1 so empty masks are defined).</summary>
public static class DiceBceLoss
{
    public static Tensor Compute(Tensor logits, Tensor targets, double diceWeight)
    {
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, targets);
        var p = logits.sigmoid().flatten(1);
        var t = targets.flatten(1);
        var dice = ((2 * (p * t).sum(1)) + 1) / (p.sum(1) + t.sum(1) + 1);
        return bce + (diceWeight * (1 - dice.mean()));
    }

    /// <summary>Hard Dice of one predicted 0/1 map against a 0/1 gold map; both empty scores 1.</summary>
    public static double HardDice(ReadOnlySpan<float> logits, ReadOnlySpan<byte> gold)
    {
        long tp = 0, predicted = 0, truth = 0;
        for (var i = 0; i < gold.Length; i++)
        {
            var p = logits[i] > 0 ? 1 : 0;
            predicted += p;
            truth += gold[i];
            tp += p & gold[i];
        }
        return predicted + truth == 0 ? 1 : 2.0 * tp / (predicted + truth);
    }
}
