using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Llm;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.TestSupport;

/// <summary>
/// A stand-in "model" for the fake Ollama server: reads the record out of the prompt, runs the rules and answers in the
/// LLM answer format, quoting the words its spans cover. Lets the LLM path be measured and tested without a model.
/// </summary>
public static class RulesAsModel
{
    private static readonly RulesExtractor Rules = new();

    public static string Answer(string userTurn)
    {
        var (report, pathology) = LlmPrompt.ReadData(userTurn) ?? throw new InvalidOperationException("the prompt holds no record");
        var f = Rules.Extract(new ReportInput("", report, pathology));
        string Quote(EvidenceSpan? s) => s is null ? "" : s.TextIn(report, pathology);
        var answer = new LlmAnswer(
            f.PolypPresent,
            f.Evidence.Count > 0 ? Quote(f.Evidence[0]) : null,
            f.PolypCount,
            f.Polyps.Select(p => new LlmPolyp(p.Count, p.Location, p.SizeMm, p.Morphology, p.Removed, Quote(p.Evidence.FirstOrDefault()))).ToList(),
            f.Pathology.Select(c => new LlmPathology(c, Quote(f.PathologyEvidence?[c].FirstOrDefault()))).ToList());
        return JsonSerializer.Serialize(answer, LlmJson.Options);
    }
}
