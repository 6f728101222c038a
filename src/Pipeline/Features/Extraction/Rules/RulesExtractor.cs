using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>
/// The rule-based extractor: deterministic, no model, English and Chinese. It reads sections, negations, history and
/// template fields from the report, histology classes from the pathology text only, and gives a span for every decision.
/// A field the rules cannot decide is null, with the reason in <see cref="ReportFindings.Reasons"/>.
/// </summary>
public sealed class RulesExtractor(RulesOptions? options = null) : IReportExtractor
{
    private readonly RulesOptions _options = options ?? new RulesOptions();

    public string Name => "rules";

    public string Version => "rules/2";

    public Task<ReportFindings> ExtractAsync(ReportInput input, CancellationToken ct) => Task.FromResult(Extract(input));

    public ReportFindings Extract(ReportInput input)
    {
        var report = input.Report ?? "";
        if (report.Length > _options.MaxReportChars || (input.Pathology?.Length ?? 0) > _options.MaxReportChars)
            throw new ExtractionFailedException($"the text is over {_options.MaxReportChars:N0} characters");
        var reading = ReportReader.Read(report);
        var pathology = PathologyReader.Read(input.Pathology);

        var findings = reading.Drafts.Where(d => d.Section == Section.Findings).ToList();
        var used = findings.Count > 0 ? findings : reading.Drafts.ToList();
        var declared = reading.DeclaredCount;
        var (present, confidence) = Presence(reading, used, findings.Count > 0);
        var decision = CountRule.Decide(report, used, reading.Totals, reading.UnclearNegations);
        var reasons = new Dictionary<string, string>();

        var entries = decision.Items.SelectMany(d => d.ToEntries()).ToList();
        if (entries.Count == 0 && declared is { Value: > 0 } dc)
            entries.Add(new PolypEntry(dc.Value, null, null, null, null, [new EvidenceSpan(SpanSource.Report, dc.Start, dc.End)]));
        int? count = present switch
        {
            false => 0,
            null => null,
            _ when used.Count == 0 => declared?.Value,
            _ => decision.Count,
        };
        if (present == true && decision.Reason is { } why) reasons["polyp_count"] = why;
        if (present is null && reading.UnclearNegations.Count > 0)
            reasons["polyp_present"] = $"negation scope unclear: \"{CountRule.Quote(report, reading.UnclearNegations[0])}\"";
        IReadOnlyList<EvidenceSpan> evidence = present switch
        {
            true when used.Count > 0 => [.. decision.Items.Select(d => d.Evidence[0]), .. decision.TotalSpan is { } t ? [t] : Array.Empty<EvidenceSpan>()],
            true => [new EvidenceSpan(SpanSource.Report, declared!.Value.Start, declared.Value.End)],
            false => reading.Negations,
            _ => reading.UnclearNegations,
        };
        return new ReportFindings(
            input.Id ?? "",
            present,
            count,
            present == true ? entries : [],
            pathology.Keys.Order().ToList(),
            evidence,
            Version,
            confidence)
        {
            PathologyEvidence = pathology.ToDictionary(p => p.Key, p => (IReadOnlyList<EvidenceSpan>)p.Value),
            Reasons = reasons.Count > 0 ? reasons : null,
        };
    }

    private (bool? Present, double Confidence) Presence(ReportReading reading, List<Draft> used, bool inFindings)
    {
        if (used.Count > 0 || reading.DeclaredCount is { Value: > 0 })
            return (true, inFindings || reading.DeclaredCount is not null ? _options.ExplicitConfidence : _options.SummaryOnlyConfidence);
        // A negation that may or may not cover a lesion is not guessed at: the examination goes to review with the reason.
        if (reading.UnclearNegations.Count > 0) return (null, 0);
        if (reading.Negations.Count > 0) return (false, _options.ExplicitConfidence);
        // A report that describes an examination and names no polyp says none was seen (a poor preparation included).
        return reading.DescribesExamination ? (false, _options.ImplicitNegativeConfidence) : (null, 0);
    }
}
