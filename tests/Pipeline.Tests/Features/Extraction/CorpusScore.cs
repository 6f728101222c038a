using System.Globalization;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Tests.Features.Extraction;

/// <summary>Agreement between findings and corpus labels, per field, plus the cases that missed (for the test log).</summary>
public sealed record CorpusScore(double Presence, double Count, double Segments, double LargestSize, double Pathology, IReadOnlyList<string> Misses)
{
    public static CorpusScore Of(IReadOnlyList<(CorpusCase Case, ReportFindings Found)> results)
    {
        double presence = 0, count = 0, segments = 0, size = 0, pathology = 0;
        var misses = new List<string>();
        foreach (var (c, f) in results)
        {
            var found = f.Segments();
            var union = c.Segments.Union(found).Count();
            var jaccard = union == 0 ? 1.0 : (double)c.Segments.Intersect(found).Count() / union;
            var checks = new (string Field, bool Ok, string Got)[]
            {
                ("present", c.Present == f.PolypPresent, $"{f.PolypPresent}"),
                ("count", c.Count == f.PolypCount, $"{f.PolypCount}"),
                ("segments", jaccard >= 0.999, string.Join(",", found)),
                ("size", Nullable.Equals(c.LargestSizeMm, f.LargestSizeMm()), $"{f.LargestSizeMm()}"),
                ("pathology", c.PathologyClasses.SetEquals(f.Pathology), string.Join(",", f.Pathology)),
            };
            presence += checks[0].Ok ? 1 : 0;
            count += checks[1].Ok ? 1 : 0;
            segments += jaccard;
            size += checks[3].Ok ? 1 : 0;
            pathology += checks[4].Ok ? 1 : 0;
            misses.AddRange(checks.Where(o => !o.Ok).Select(o => $"{c.Id} {o.Field}: got {o.Got}"));
        }
        var n = Math.Max(1, results.Count);
        return new CorpusScore(presence / n, count / n, segments / n, size / n, pathology / n, misses);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"presence {Presence:F3}, count {Count:F3}, segments {Segments:F3}, largest size {LargestSize:F3}, pathology {Pathology:F3}");
}
