using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Models.Biopsy.Evaluating;

/// <summary>One test frame's centre, examination and score.</summary>
public sealed record CentreCase(string Centre, string Examination, ScoredCase Case);

/// <summary>Per-centre test scores at a threshold chosen elsewhere (on validation), centres in ordinal order.</summary>
public static class BiopsyEvaluation
{
    public static IReadOnlyList<BiopsyCentreMetrics> PerCentre(IReadOnlyList<CentreCase> test, double threshold) =>
        [.. test.GroupBy(c => c.Centre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var cases = g.Select(c => c.Case).ToList();
            var point = BiopsyMetrics.At(cases, threshold);
            return new BiopsyCentreMetrics(g.Key, g.Select(c => c.Examination).Distinct().Count(), cases.Count,
                cases.Count(c => c.Adenoma), cases.Count(c => !c.Adenoma), BiopsyMetrics.Auc(cases), point.Sensitivity, point.Specificity);
        })];
}
