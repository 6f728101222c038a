using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>
/// The rule-based extractor: deterministic, no model, English and Chinese. It reads sections, negations, history and
/// template fields from the report, histology classes from the pathology text only, and gives a span for every decision.
/// </summary>
public sealed class RulesExtractor(RulesOptions? options = null) : IReportExtractor
{
    private readonly RulesOptions _options = options ?? new RulesOptions();

    public string Name => "rules";

    public string Version => "rules/1";

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

        var entries = used.SelectMany(d => d.ToEntries()).ToList();
        if (entries.Count == 0 && declared is { Value: > 0 } dc)
            entries.Add(new PolypEntry(dc.Value, null, null, null, null, [new EvidenceSpan(SpanSource.Report, dc.Start, dc.End)]));
        int? count = present switch
        {
            false => 0,
            null => null,
            _ when used.Count == 0 => declared?.Value,
            _ => used.Any(d => d.Count is null) ? null : used.Sum(d => d.Count!.Value),
        };
        IReadOnlyList<EvidenceSpan> evidence = present switch
        {
            true => used.Count > 0
                ? used.Select(d => d.Evidence[0]).ToList()
                : [new EvidenceSpan(SpanSource.Report, declared!.Value.Start, declared.Value.End)],
            false => reading.Negations,
            _ => [],
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
        };
    }

    private (bool? Present, double Confidence) Presence(ReportReading reading, List<Draft> used, bool inFindings)
    {
        if (used.Count > 0 || reading.DeclaredCount is { Value: > 0 })
            return (true, inFindings || reading.DeclaredCount is not null ? _options.ExplicitConfidence : _options.SummaryOnlyConfidence);
        if (reading.Negations.Count > 0) return (false, _options.ExplicitConfidence);
        // A report that describes an examination and names no polyp says none was seen (a poor preparation included).
        return reading.DescribesExamination ? (false, _options.ImplicitNegativeConfidence) : (null, 0);
    }
}
