using System.Text.Json;
using EndoKED.Pipeline.Models.Biopsy;
using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>The examinations a biopsy run learns and tests on, and how many each rule left out (by reason).</summary>
public sealed record BiopsyCaseSet(IReadOnlyList<BiopsyExamination> Examinations, IReadOnlyDictionary<string, int> Excluded);

/// <summary>
/// Examinations with a biopsy label whose patient is in the frozen split (the split's part for that patient: the split is
/// patient-grouped, so a patient's frames never straddle parts) and that have MIL-scored frames.
/// </summary>
public static class BiopsyCases
{
    public static BiopsyCaseSet Assemble(IEnumerable<ExaminationView> exams, IReadOnlyDictionary<Guid, ImageView> images,
        IReadOnlyDictionary<string, SplitPart> patientParts, BiopsyOptions options)
    {
        var kept = new List<BiopsyExamination>();
        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Exclude(string reason) => excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
        foreach (var exam in exams.OrderBy(e => e.Id))
        {
            var pathology = PathologyOf(exam);
            if (BiopsyLabel.Decide(pathology, options.AdenomaClasses, options.ExcludedClasses) is not { } adenoma)
            {
                Exclude(pathology.Count == 0 ? "no pathology" : "excluded pathology only");
                continue;
            }
            if (!patientParts.TryGetValue($"{exam.CentreId}/{exam.PatientId}", out var part))
            {
                Exclude("patient not in split");
                continue;
            }
            var scored = exam.ImageIds.Select(id => images.GetValueOrDefault(id)).OfType<ImageView>()
                .Where(i => i.Probability is not null).Select(i => (i.Id.ToString("D"), i.Sha256, i.Probability!.Value)).ToList();
            if (scored.Count == 0)
            {
                Exclude("no scored frame");
                continue;
            }
            kept.Add(new BiopsyExamination(exam.Id.ToString("D"), exam.CentreId, part, adenoma, scored));
        }
        return new BiopsyCaseSet(kept, excluded);
    }

    public static async Task<BiopsyCaseSet> ReadAsync(IQuerySession session, IEnumerable<SplitAssignment> members, BiopsyOptions options,
        CancellationToken ct = default)
    {
        var parts = members.GroupBy(m => m.PatientKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Part, StringComparer.Ordinal);
        // Only the split's centres, and frames only of the examinations that pass the label and patient rules (the others
        // never look at their frames): a large archive's other images stay in the database.
        var centres = members.Select(m => m.CentreId).Distinct(StringComparer.Ordinal).ToArray();
        var exams = await session.Query<ExaminationView>().Where(e => centres.Contains(e.CentreId)).ToListAsync(ct);
        var candidates = exams.Where(e => parts.ContainsKey($"{e.CentreId}/{e.PatientId}")
            && BiopsyLabel.Decide(PathologyOf(e), options.AdenomaClasses, options.ExcludedClasses) is not null);
        var images = (await session.LoadManyAsync<ImageView>(ct, candidates.SelectMany(e => e.ImageIds).Distinct())).ToDictionary(i => i.Id);
        return Assemble(exams, images, parts, options);
    }

    /// <summary>The pathology classes of the most confident extractor's findings (as the findings CSV chooses them).</summary>
    internal static IReadOnlyList<string> PathologyOf(ExaminationView exam)
    {
        var findings = exam.Findings.Where(f => f.FindingsJson is not null).OrderByDescending(f => f.Confidence ?? 0)
            .ThenBy(f => f.Extractor, StringComparer.Ordinal).FirstOrDefault();
        if (findings is null) return [];
        using var doc = JsonDocument.Parse(findings.FindingsJson!);
        return doc.RootElement.TryGetProperty("pathology", out var p) && p.ValueKind == JsonValueKind.Array
            ? [.. p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];
    }
}
