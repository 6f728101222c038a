using EndoKED.Pipeline.Models.Masks;
using System.Text;
using EndoKED.Pipeline.Features.Review;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary>The export's README.md: what it holds, from where, with which label provenance, and which split.</summary>
public static class DatasetCard
{
    public static string Write(ExportSet set, string format, long ledgerPosition, DateTimeOffset at)
    {
        var card = new StringBuilder();
        card.Append("# EndoKED polyp dataset export\n\n")
            .Append($"- Format: {format}\n- Exported: {at:u} at ledger position {ledgerPosition}\n")
            .Append($"- Frames: {set.Frames.Count}; examinations: {set.Examinations.Count}\n")
            .Append($"- Sources (centres): {string.Join(", ", set.Examinations.Select(e => e.CentreId).Concat(set.Frames.Select(f => f.Label.CentreId)).Distinct().Order(StringComparer.Ordinal))}\n");
        if (set.Split is { } s)
            card.Append($"- Split: {s.Name} ({s.Id}), manifest SHA-256 {s.ManifestSha256}, {(s.Frozen ? "frozen" : "NOT frozen")}\n");
        card.Append("\n## Frames per centre\n\n| centre | frames | with polyp |\n|---|---|---|\n");
        foreach (var g in set.Frames.GroupBy(f => f.Label.CentreId).OrderBy(g => g.Key, StringComparer.Ordinal))
            card.Append($"| {g.Key} | {g.Count()} | {g.Count(f => !f.Label.Mask.Decode().IsEmpty)} |\n");
        card.Append("\n## Label provenance\n\n| origin | frames |\n|---|---|\n");
        foreach (var g in set.Frames.GroupBy(f => f.Label.Origin.ToString().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
            card.Append($"| {g.Key} | {g.Count()} |\n");
        if (set.Split is not null)
        {
            card.Append("\n## Split parts\n\n| part | frames |\n|---|---|\n");
            foreach (var g in set.Frames.GroupBy(f => f.Part ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
                card.Append($"| {g.Key} | {g.Count()} |\n");
        }
        card.Append("\nConsensus and adjudicated labels were given by clinicians; machine labels are model masks above the quality threshold.\n");
        return card.ToString();
    }
}
