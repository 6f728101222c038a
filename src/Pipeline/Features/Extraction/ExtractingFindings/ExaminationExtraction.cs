using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Llm;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>
/// The extractors the stage runs, as configured (a singleton: the LLM extractor's concurrency gate is shared by every
/// examination in flight). An extractor that fails on one record gives an outcome with the reason; an unreachable model
/// throws <see cref="ExtractorUnavailableException"/> so the message is retried later rather than labelled wrongly.
/// </summary>
public sealed class ExaminationExtraction : IDisposable
{
    private readonly IReadOnlyList<IReportExtractor> _extractors;
    private readonly LlmExtractor? _llm;

    public ExaminationExtraction(ExtractionOptions options)
    {
        options.Validate();
        var extractors = new List<IReportExtractor>();
        if (options.UsesRules) extractors.Add(new RulesExtractor());
        if (options.UsesLlm)
        {
            _llm = OllamaExtractorFactory.Create(options.Llm.Endpoint.ToString(), options.Llm.Model, options.Llm);
            extractors.Add(_llm);
        }
        _extractors = extractors;
    }

    /// <summary>For tests and callers that build their own extractors.</summary>
    public ExaminationExtraction(IReadOnlyList<IReportExtractor> extractors) => _extractors = extractors;

    public IReadOnlyList<string> Versions => [.. _extractors.Select(e => e.Version)];

    /// <summary>The configured extractor names (rules, llm).</summary>
    public IReadOnlyList<string> Names => [.. _extractors.Select(e => e.Name)];

    /// <summary>The versions a mode (rules, llm, both; null = every configured extractor) would run.</summary>
    public IReadOnlyList<string> VersionsFor(string? mode) => [.. Select(mode).Select(e => e.Version)];

    /// <summary>Whether this deployment can run a mode: llm and both need a configured model.</summary>
    public bool Supports(string? mode) => mode switch
    {
        null => true,
        "both" => Names.Contains("rules") && Names.Contains("llm"),
        _ => Names.Contains(mode),
    };

    private IEnumerable<IReportExtractor> Select(string? mode) =>
        mode is null or "both" ? _extractors : _extractors.Where(e => e.Name == mode);

    public async Task<IReadOnlyList<ExtractorOutcome>> ExtractAsync(
        Guid examinationId, string report, string? pathology, CancellationToken ct, string? mode = null)
    {
        var input = new ReportInput(examinationId.ToString(), report, pathology);
        var outcomes = await Task.WhenAll(Select(mode).Select(async e =>
        {
            try
            {
                return new ExtractorOutcome(e.Name, e.Version, await e.ExtractAsync(input, ct), null);
            }
            catch (ExtractionFailedException failed)
            {
                return new ExtractorOutcome(e.Name, e.Version, null, failed.Message);
            }
        }));
        return outcomes;
    }

    public void Dispose() => _llm?.Dispose();
}
