namespace EndoKED.Pipeline.Models.Biopsy.Evaluating;

/// <summary>One scored frame: its adenoma probability and its pathology label.</summary>
public readonly record struct ScoredCase(double Probability, bool Adenoma);

/// <summary>Sensitivity and specificity at a threshold (a frame is called adenoma when its probability is at least the threshold).</summary>
public sealed record OperatingPoint(double Threshold, double? Sensitivity, double? Specificity);

/// <summary>
/// Pure ranking and threshold arithmetic. AUC is the Mann–Whitney probability that a random adenoma frame scores above a
/// random non-adenoma frame (ties count one half); the threshold is chosen on validation by Youden's J.
/// </summary>
public static class BiopsyMetrics
{
    /// <summary>Null when the cases hold only one class: AUC is undefined there.</summary>
    public static double? Auc(IReadOnlyList<ScoredCase> cases)
    {
        var positives = cases.Where(c => c.Adenoma).Select(c => c.Probability).ToArray();
        var negatives = cases.Where(c => !c.Adenoma).Select(c => c.Probability).Order().ToArray();
        if (positives.Length == 0 || negatives.Length == 0) return null;
        double wins = 0;
        foreach (var p in positives)
        {
            // Negatives strictly below p win fully; equal ones count one half.
            var below = LowerBound(negatives, p);
            var equal = LowerBound(negatives, Math.BitIncrement(p)) - below;
            wins += below + (0.5 * equal);
        }
        return wins / ((double)positives.Length * negatives.Length);
    }

    public static OperatingPoint At(IReadOnlyList<ScoredCase> cases, double threshold)
    {
        var (pos, neg) = (cases.Count(c => c.Adenoma), cases.Count(c => !c.Adenoma));
        double? sensitivity = pos == 0 ? null : cases.Count(c => c.Adenoma && c.Probability >= threshold) / (double)pos;
        double? specificity = neg == 0 ? null : cases.Count(c => !c.Adenoma && c.Probability < threshold) / (double)neg;
        return new OperatingPoint(threshold, sensitivity, specificity);
    }

    /// <summary>
    /// The threshold with the highest sensitivity + specificity on <paramref name="validation"/>, among the midpoints
    /// between consecutive distinct probabilities (so it does not sit on a validation frame); a tie goes to the one nearest
    /// <paramref name="fallback"/>, which is also the answer when validation lacks a class.
    /// </summary>
    public static double ChooseThreshold(IReadOnlyList<ScoredCase> validation, double fallback = 0.5)
    {
        if (!validation.Any(c => c.Adenoma) || validation.All(c => c.Adenoma)) return fallback;
        var distinct = validation.Select(c => c.Probability).Distinct().Order().ToArray();
        var candidates = new List<double>(distinct.Length + 1) { distinct[0] };
        for (var i = 1; i < distinct.Length; i++) candidates.Add((distinct[i - 1] + distinct[i]) / 2);
        candidates.Add(Math.BitIncrement(distinct[^1]));
        return candidates
            .Select(t => (Threshold: t, Point: At(validation, t)))
            .OrderByDescending(x => Math.Round(x.Point.Sensitivity!.Value + x.Point.Specificity!.Value, 12))
            .ThenBy(x => Math.Abs(x.Threshold - fallback))
            .First().Threshold;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
