using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>
/// Turns a model's answer into findings: each quote is located in the text the model saw and mapped to the original;
/// a decided field whose quote is not there is listed in <see cref="ReportFindings.Unverified"/>.
/// </summary>
internal static class AnswerMapper
{
    public static ReportFindings Map(LlmAnswer a, string id, RedactedText report, RedactedText? pathology, string extractor, LlmOptions options)
    {
        var unverified = new List<string>();
        var evidence = new List<EvidenceSpan>();
        if (a.PolypPresent is not null)
        {
            var span = Find(a.PresenceQuote, report, SpanSource.Report) ?? Find(a.PresenceQuote, pathology, SpanSource.Pathology);
            if (span is null) unverified.Add("polyp_present");
            else evidence.Add(span);
        }

        var polyps = new List<PolypEntry>();
        for (var i = 0; i < a.Polyps.Count; i++)
        {
            var p = a.Polyps[i];
            var span = Find(p.Quote, report, SpanSource.Report);
            if (span is null) unverified.Add($"polyps[{i}]");
            polyps.Add(new PolypEntry(p.Count is >= 1 ? p.Count : null, p.Location, p.SizeMm is >= 0 ? p.SizeMm : null, p.Morphology, p.Removed, span is null ? [] : [span]));
        }

        var classes = new Dictionary<PathologyClass, IReadOnlyList<EvidenceSpan>>();
        foreach (var c in a.Pathology)
        {
            if (classes.ContainsKey(c.Class)) continue;
            var span = Find(c.Quote, pathology, SpanSource.Pathology);
            if (span is null) unverified.Add($"pathology[{FindingsJson.Name(c.Class)}]");
            classes[c.Class] = span is null ? [] : [span];
        }

        return new ReportFindings(
            id,
            a.PolypPresent,
            a.PolypPresent == false ? 0 : a.PolypCount is >= 0 ? a.PolypCount : null,
            a.PolypPresent == false ? [] : polyps,
            classes.Keys.Order().ToList(),
            evidence,
            extractor,
            unverified.Count == 0 ? options.VerifiedConfidence : options.UnverifiedConfidence)
        {
            PathologyEvidence = classes,
            Unverified = unverified,
        };
    }

    private static EvidenceSpan? Find(string? quote, RedactedText? text, SpanSource source)
    {
        if (text is null || QuoteLocator.Locate(quote, text.Text) is not { } at) return null;
        var (start, end) = text.ToOriginal(at.Start, at.End);
        return new EvidenceSpan(source, start, end);
    }
}
