namespace EndoKED.Pipeline.Features.Review.Agreement;

/// <summary>Chance-corrected agreement (pure). Null where the statistic is undefined (no data, or chance agreement is 1).</summary>
public static class Kappa
{
    /// <summary>
    /// Cohen's kappa between two raters over the same items: (po − pe) / (1 − pe), with po the observed agreement and
    /// pe the agreement expected from each rater's own category frequencies. Categories are whatever the raters used.
    /// </summary>
    public static double? Cohen<T>(IReadOnlyList<(T A, T B)> pairs) where T : notnull
    {
        if (pairs.Count == 0) return null;
        double n = pairs.Count;
        var po = pairs.Count(p => EqualityComparer<T>.Default.Equals(p.A, p.B)) / n;
        var a = pairs.GroupBy(p => p.A).ToDictionary(g => g.Key, g => g.Count() / n);
        var b = pairs.GroupBy(p => p.B).ToDictionary(g => g.Key, g => g.Count() / n);
        var pe = a.Sum(kv => kv.Value * b.GetValueOrDefault(kv.Key));
        return pe >= 1 ? null : (po - pe) / (1 - pe);
    }

    /// <summary>
    /// Fleiss' kappa among many raters: each item gives how many raters chose each category. Items may have different
    /// numbers of raters (the usual generalisation: each item's agreement is Σ n_ij(n_ij − 1) / (n_i(n_i − 1)) and the
    /// category proportions are pooled over all ratings); with the same number everywhere it is Fleiss' original.
    /// Items with fewer than two raters say nothing about agreement and are left out.
    /// </summary>
    public static double? Fleiss<TCategory>(IEnumerable<IReadOnlyDictionary<TCategory, int>> items) where TCategory : notnull
    {
        var rated = items.Where(i => i.Values.Sum() >= 2).ToList();
        if (rated.Count == 0) return null;
        var pBar = rated.Average(i =>
        {
            double n = i.Values.Sum();
            return i.Values.Sum(c => (double)c * (c - 1)) / (n * (n - 1));
        });
        double total = rated.Sum(i => i.Values.Sum());
        var pe = rated.SelectMany(i => i).GroupBy(kv => kv.Key)
            .Select(g => g.Sum(kv => kv.Value) / total)
            .Sum(p => p * p);
        return pe >= 1 ? null : (pBar - pe) / (1 - pe);
    }
}
