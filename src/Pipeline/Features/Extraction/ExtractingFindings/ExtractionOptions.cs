using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Pipeline.Features.Extraction.Llm;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>Which extractors the ExtractFindings stage runs; bound from configuration "Extraction".</summary>
public sealed class ExtractionOptions
{
    public const string Section = "Extraction";

    /// <summary><c>rules</c> (default, needs nothing), <c>llm</c>, or <c>both</c> (compared field by field).</summary>
    public string Mode { get; set; } = "rules";

    /// <summary>The Ollama model and how hard to try (section "Extraction:Llm").</summary>
    public LlmOptions Llm { get; set; } = new();

    /// <summary>When a proposed label is firm enough (section "Extraction:Labelling").</summary>
    public LabelOptions Labelling { get; set; } = new();

    /// <summary>How many examinations the stage reads at once (the LLM's own limit still applies).</summary>
    public int MaxParallelExaminations { get; set; } = 4;

    public bool UsesLlm => Mode is "llm" or "both";

    public bool UsesRules => Mode is "rules" or "both";

    /// <summary>A clear message for a mode that is not one of the three.</summary>
    public void Validate()
    {
        if (Mode is not ("rules" or "llm" or "both"))
            throw new InvalidOperationException($"Extraction:Mode is '{Mode}'; use rules, llm or both.");
    }
}
