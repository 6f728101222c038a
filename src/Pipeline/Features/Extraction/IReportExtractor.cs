using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction;

/// <summary>
/// Reads one examination's report (and optional pathology text) and says what it states about polyps, in the shape of
/// shared/contracts/report-findings.schema.json, with evidence spans into the original texts.
/// </summary>
/// <remarks>
/// Implementations: the rule-based extractor (deterministic, no model), the LLM extractor (an <c>IChatClient</c>) and
/// the comparing one that runs both. Every result names its extractor and version in <see cref="ReportFindings.Extractor"/>,
/// so an event built from it can say which machine produced a label. Implementations are thread-safe.
/// </remarks>
public interface IReportExtractor
{
    /// <summary>Short name used on the command line: <c>rules</c>, <c>llm</c> or <c>both</c>.</summary>
    string Name { get; }

    /// <summary>The version written into <see cref="ReportFindings.Extractor"/>, e.g. <c>rules/1</c>.</summary>
    string Version { get; }

    /// <summary>Extracts the findings of one examination. The input id is echoed (an absent id becomes an empty string).</summary>
    /// <exception cref="ExtractorUnavailableException">The model behind the extractor cannot be reached at all.</exception>
    /// <exception cref="ExtractionFailedException">This record could not be read (for example the model never gave valid JSON).</exception>
    Task<ReportFindings> ExtractAsync(ReportInput input, CancellationToken ct);
}

/// <summary>The extractor's model cannot be reached (connection refused, unknown host): the whole run cannot go on.</summary>
public sealed class ExtractorUnavailableException(string message, Exception? inner = null)
    : Infrastructure.Messaging.ServiceUnavailableException(message, inner);

/// <summary>One record failed (invalid answer after every retry, timeouts): the run goes on with the next record.</summary>
public sealed class ExtractionFailedException(string message, Exception? inner = null) : Exception(message, inner);
