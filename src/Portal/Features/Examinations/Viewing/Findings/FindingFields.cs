using System.Globalization;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Portal.Features.Examinations.Viewing.Findings;

/// <summary>One line of the findings panel: a decided field, its value in words, and the evidence behind it.</summary>
public sealed record FindingField(string Key, string Label, string Value, IReadOnlyList<EvidenceSpan> Spans, bool Disagrees, bool Unverified);

/// <summary>Turns one extractor's findings into the lines a reviewer reads, marking disagreements and unverified quotes.</summary>
public static class FindingFields
{
    public static IReadOnlyList<FindingField> Build(ReportFindings f, IReadOnlyCollection<string> disagreements)
    {
        var unverified = (f.Unverified ?? []).ToHashSet(StringComparer.Ordinal);
        bool Differs(params string[] keys) => keys.Any(disagreements.Contains);
        var fields = new List<FindingField>
        {
            new("polyp_present", "Polyp seen", f.PolypPresent switch { true => "yes", false => "no", null => "not stated" },
                f.Evidence, Differs("polyp_present"), unverified.Contains("polyp_present")),
            new("polyp_count", "Number of polyps", f.PolypCount?.ToString(CultureInfo.InvariantCulture) ?? (f.PolypPresent == true ? "not fixed (e.g. multiple)" : "—"),
                [.. f.Evidence, .. f.Polyps.SelectMany(p => p.Evidence)], Differs("polyp_count"), false),
        };
        for (var i = 0; i < f.Polyps.Count; i++)
        {
            var p = f.Polyps[i];
            fields.Add(new($"polyps[{i}]", f.Polyps.Count == 1 ? "Polyp" : $"Polyp {i + 1}", Describe(p), p.Evidence,
                Differs("location", "size_mm"), unverified.Contains($"polyps[{i}]")));
        }
        foreach (var c in f.Pathology)
        {
            var name = FindingsJson.Name(c);
            fields.Add(new($"pathology[{name}]", "Pathology", name.Replace('_', ' '),
                f.PathologyEvidence?.GetValueOrDefault(c) ?? [], Differs("pathology"), unverified.Contains($"pathology[{name}]")));
        }
        if (f.Pathology.Count == 0)
            fields.Add(new("pathology", "Pathology", "none stated", [], Differs("pathology"), false));
        return fields;
    }

    private static string Describe(PolypEntry p)
    {
        var parts = new List<string>();
        if (p.Count is > 1) parts.Add($"{p.Count}×");
        parts.Add(p.Location is { } l ? FindingsJson.Name(l).Replace('_', ' ') : "segment not stated");
        if (p.SizeMm is { } s) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s:0.#} mm"));
        if (p.Morphology is { } m) parts.Add(FindingsJson.Name(m).Replace('_', '-'));
        if (p.Removed is { } r) parts.Add(r ? "removed" : "not removed");
        return string.Join(" · ", parts);
    }
}
