using System.Diagnostics;
using System.Globalization;
using EndoKED.Pipeline.Features.Extraction.Llm;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Bench.Extraction;

/// <summary>Throughput of the extractors: the rules on one thread, the LLM path against the in-process fake Ollama.</summary>
public static class ExtractionBenchmark
{
    /// <summary>Reports the rules read (on one thread).</summary>
    public const int RulesReports = 10_000;

    /// <summary>Requests sent through the LLM path per concurrency setting.</summary>
    public const int LlmReports = 200;

    /// <summary>Simulated model latency per request, so concurrency has something to overlap.</summary>
    public static readonly TimeSpan FakeLatency = TimeSpan.FromMilliseconds(25);

    /// <summary>The full benchmark (about 10 s on two cores), for the <c>bench</c> verb.</summary>
    public static void Run(TextWriter output) => RunAsync(output, RulesReports, LlmReports, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task RunAsync(TextWriter output, int rulesReports, int llmReports, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync("| path | reports | concurrency | seconds | reports/s |");
        await output.WriteLineAsync("|---|---|---|---|---|");

        var reports = SyntheticReports.Generate(Math.Max(rulesReports, llmReports)).ToList();
        var rules = new RulesExtractor();
        rules.Extract(reports[0]); // warm the regex engine before timing
        var sw = Stopwatch.StartNew();
        var present = 0;
        foreach (var r in reports.Take(rulesReports)) present += rules.Extract(r).PolypPresent == true ? 1 : 0;
        sw.Stop();
        await output.WriteLineAsync(string.Create(inv, $"| rules | {rulesReports} | 1 | {sw.Elapsed.TotalSeconds:F2} | {rulesReports / sw.Elapsed.TotalSeconds:F0} |"));

        await using var server = await FakeOllamaServer.StartAsync(async (req, token) =>
        {
            await Task.Delay(FakeLatency, token);
            return RulesAsModel.Answer(req.LastUserMessage);
        });
        var configured = new LlmOptions().MaxConcurrency;
        foreach (var concurrency in new[] { 1, configured }.Distinct())
        {
            var options = new LlmOptions { MaxConcurrency = concurrency, Timeout = TimeSpan.FromSeconds(30) };
            using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "fake", options);
            var batch = reports.Take(llmReports).ToList();
            await llm.ExtractAsync(batch[0], ct);
            sw.Restart();
            await Task.WhenAll(batch.Select(r => llm.ExtractAsync(r, ct)));
            sw.Stop();
            await output.WriteLineAsync(string.Create(inv,
                $"| llm (fake Ollama, {FakeLatency.TotalMilliseconds:0} ms latency) | {batch.Count} | {concurrency} | {sw.Elapsed.TotalSeconds:F2} | {batch.Count / sw.Elapsed.TotalSeconds:F1} |"));
        }
        await output.WriteLineAsync(string.Create(inv, $"(rules found a polyp in {present} of {rulesReports} synthetic reports)"));
    }
}
