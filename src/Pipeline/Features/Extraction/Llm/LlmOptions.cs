namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>How the LLM extractor reaches its model and how hard it tries; bound from configuration "Extraction:Llm".</summary>
public sealed class LlmOptions
{
    /// <summary>The Ollama endpoint, e.g. http://127.0.0.1:11434.</summary>
    public Uri Endpoint { get; set; } = new("http://127.0.0.1:11434");

    /// <summary>The Ollama model name, e.g. qwen2.5:7b-instruct.</summary>
    public string Model { get; set; } = "qwen2.5:7b-instruct";

    /// <summary>Longest wait for one answer; a slower answer is abandoned and retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first try (timeouts, invalid JSON, refused connections).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many requests may be in flight at once against the model.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Confidence of an answer whose every quote was found in the text.</summary>
    public double VerifiedConfidence { get; set; } = 0.85;

    /// <summary>Confidence of an answer with at least one quote not found (its fields are listed as unverified).</summary>
    public double UnverifiedConfidence { get; set; } = 0.3;

    /// <summary>Replace names, ids and dates before the text leaves the process; spans still point into the original.</summary>
    public bool Deidentify { get; set; }

    /// <summary>
    /// Patterns for de-identification, by the placeholder they leave (e.g. NAME → "[NAME]"). When a pattern has a group
    /// named <c>v</c>, only that group is replaced, so "Patient: John Smith" keeps its label.
    /// </summary>
    public Dictionary<string, string> DeidentificationPatterns { get; set; } = new(StringComparer.Ordinal)
    {
        ["NAME"] = @"(?:\b(?:Patient|Name|Pt|Dr|Mr|Mrs|Ms|Miss|Doctor|Endoscopist)\.?\s*[:：]?\s*|(?:姓名|患者|医师|医生)\s*[:：]?\s*)(?<v>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}|[\u4e00-\u9fff]{2,3})",
        ["ID"] = @"(?:\b(?:MRN|ID|NHS|Hospital\s+(?:No|number)|Accession)\.?\s*[:：#]?\s*|(?:住院号|门诊号|病历号|检查号|ID号)\s*[:：]?\s*)(?<v>[A-Za-z0-9-]{4,})",
        ["DATE"] = @"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\d{4}年\d{1,2}月\d{1,2}日",
    };
}
