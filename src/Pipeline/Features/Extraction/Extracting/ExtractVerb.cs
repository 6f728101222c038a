using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Extracting;

/// <summary>
/// <c>endoked extract --input IN.jsonl --output OUT.jsonl [--extractor rules|llm|both] [--ollama URL --model NAME] [--concurrency N]</c>
/// (shared/contracts/cli.md). One output line per input line, same order.
/// </summary>
/// <param name="rules">The rule-based extractor; needs nothing else.</param>
/// <param name="llmFactory">Builds the LLM extractor from (endpoint, model); null in builds that have none.</param>
public sealed class ExtractVerb(IReportExtractor rules, Func<string, string, IReportExtractor>? llmFactory = null) : IVerb
{
    public const string OllamaUrlVariable = "ENDOKED_OLLAMA_URL";
    public const string OllamaModelVariable = "ENDOKED_OLLAMA_MODEL";

    // The same settings as configuration section "Extraction:Llm" (LlmOptions) spells them in the environment.
    private const string ConfiguredEndpointVariable = "Extraction__Llm__Endpoint";
    private const string ConfiguredModelVariable = "Extraction__Llm__Model";

    public string Name => "extract";

    public string Summary => "Read colonoscopy report text (JSONL) into polyp findings (JSONL).";

    public string Help => $$"""
        endoked extract --input IN.jsonl --output OUT.jsonl [--extractor rules|llm|both] [--ollama URL --model NAME] [--concurrency N]
          IN:  one {"id": "...", "report": "...", "pathology": "..."} object a line (pathology optional).
          OUT: one report-findings object a line (shared/contracts/report-findings.schema.json), same ids, same order.
               A line that is not valid JSON or has no id gives {"id": null, "error": "..."}; the rest go on.
          --extractor rules  (default) deterministic rules, needs nothing else.
          --extractor llm    an Ollama model; needs --ollama and --model (or {{OllamaUrlVariable}} and {{OllamaModelVariable}},
                             or Extraction__Llm__Endpoint and Extraction__Llm__Model).
          --extractor both   the LLM result plus "disagreements": the fields where rules and LLM differ.
          --concurrency N    reports read at once (default: 4 with an LLM, the number of cores with rules); output
                             keeps the input's order.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var input = args.Required("input");
        var output = args.Required("output");
        var mode = args.OneOf("extractor", "rules", "rules", "llm", "both");
        var url = args.Optional("ollama") ?? FromEnvironment(OllamaUrlVariable, ConfiguredEndpointVariable);
        var model = args.Optional("model") ?? FromEnvironment(OllamaModelVariable, ConfiguredModelVariable);
        var concurrencyText = args.Optional("concurrency");
        args.EnsureAllRead();
        var concurrency = mode == "rules" ? Environment.ProcessorCount : 4;
        if (concurrencyText is not null && (!int.TryParse(concurrencyText, out concurrency) || concurrency is < 1 or > 256))
        {
            await console.Error.WriteLineAsync($"extract: --concurrency must be a whole number from 1 to 256, not '{concurrencyText}'.");
            return 2;
        }

        if (!File.Exists(input))
        {
            await console.Error.WriteLineAsync($"extract: the input file '{input}' does not exist.");
            return 1;
        }

        IReportExtractor? llm = null;
        if (mode != "rules")
        {
            if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(model))
            {
                await console.Error.WriteLineAsync(
                    $"extract: --extractor {mode} needs an Ollama endpoint and a model: --ollama URL --model NAME " +
                    $"(or {OllamaUrlVariable} and {OllamaModelVariable}). Use --extractor rules to run without one.");
                return 1;
            }

            if (llmFactory is null)
            {
                await console.Error.WriteLineAsync("extract: this build has no LLM extractor; use --extractor rules.");
                return 1;
            }

            llm = llmFactory(url, model);
        }

        var runner = new ExtractRunner(rules, llm, compare: mode == "both", parallelism: concurrency);
        int written, bad;
        try
        {
            (written, bad) = await runner.RunAsync(input, output, cancellationToken);
        }
        catch (ExtractorUnavailableException e)
        {
            await console.Error.WriteLineAsync($"extract: {e.Message}");
            return 1;
        }

        await console.Out.WriteLineAsync($"extract: {written} examination(s) written to {output}; {bad} bad line(s).");
        return 0;
    }

    private static string? FromEnvironment(params string[] names) =>
        names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
