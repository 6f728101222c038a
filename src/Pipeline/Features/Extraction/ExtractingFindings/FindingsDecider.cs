using System.Security.Cryptography;
using System.Text;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>What one extractor made of an examination: findings, or the reason it could not read it.</summary>
public sealed record ExtractorOutcome(string Extractor, string Version, ReportFindings? Findings, string? Failure);

/// <summary>
/// Pure: one round of extractor outcomes → the events of the examination stream. One FindingsExtracted (or
/// FindingsExtractionFailed) per extractor, then the proposed label. With two extractors the label is the LLM's
/// proposal judged against the rules: any differing field is a disagreement and sends the examination to review.
/// </summary>
public static class FindingsDecider
{
    public static IReadOnlyList<object> Decide(
        Guid examinationId, string report, string? pathology, IReadOnlyList<ExtractorOutcome> outcomes, LabelOptions options, DateTimeOffset now)
    {
        var textSha = TextHash(report, pathology);
        var events = new List<object>();
        foreach (var o in outcomes)
        {
            events.Add(o.Findings is { } f
                ? new FindingsExtracted(examinationId, o.Extractor, o.Version, FindingsJson.Serialize(f with { Id = examinationId.ToString() }),
                    f.PolypPresent, f.Confidence, f.Unverified ?? [], textSha, o.Version, now)
                : new FindingsExtractionFailed(examinationId, o.Extractor, o.Version, o.Failure ?? "unknown failure", o.Version, now));
        }

        var read = outcomes.Where(o => o.Findings is not null).ToList();
        var versions = read.Select(o => o.Version).ToList();
        var actor = string.Join(" + ", outcomes.Select(o => o.Version));
        if (read.Count == 0)
        {
            events.Add(new ExaminationLabelProposed(examinationId, PolypLabel.Undecided, 0,
                "no extractor could read the report: " + string.Join("; ", outcomes.Select(o => $"{o.Extractor}: {o.Failure}")),
                [], versions, NeedsReview: true, actor, now));
            return events;
        }

        // The LLM reads more than the rules can, so its answer is proposed; the rules are the check on it.
        var primary = read.FirstOrDefault(o => o.Extractor == "llm") ?? read[0];
        var findings = primary.Findings!;
        var disagreements = new List<string>();
        foreach (var other in read.Where(o => o != primary))
            disagreements.AddRange(FieldDisagreements.Between(other.Findings!, findings).Except(disagreements));
        findings = findings with { Disagreements = disagreements.Count > 0 ? disagreements : null };

        var proposal = LabelProposer.Propose(findings, options);
        var failed = outcomes.Where(o => o.Findings is null).ToList();
        // A field the rules could not decide (a count left null: "negation scope unclear", a range) is for a reader, with why.
        var undecided = findings.UndecidedFields().Where(u => !proposal.Reason.Contains(u.Reason, StringComparison.Ordinal)).ToList();
        var reason = proposal.Reason
            + string.Concat(undecided.Select(u => $"; {u.Field} undecided: {u.Reason}"))
            + (failed.Count > 0 ? $" ({string.Join(", ", failed.Select(o => o.Extractor))} failed: {failed[0].Failure})" : "");
        var needsReview = proposal.Label == PolypLabel.Undecided || disagreements.Count > 0 || (findings.Unverified?.Count ?? 0) > 0
            || undecided.Count > 0;
        events.Add(new ExaminationLabelProposed(examinationId, proposal.Label, proposal.Confidence, reason,
            disagreements, versions, needsReview, actor, now));
        return events;
    }

    /// <summary>Hash of the texts an extractor read; the same text and version need not be read twice.</summary>
    public static string TextHash(string report, string? pathology) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(report + "\u0000" + (pathology ?? ""))));
}
