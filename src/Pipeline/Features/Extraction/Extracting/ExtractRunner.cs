using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Extracting;

/// <summary>
/// Streams JSONL in and findings JSONL out, so a large file never sits in memory and one bad line never stops the rest.
/// With an LLM, its result is written; with <c>compare</c>, the fields where the rules differ are added.
/// Up to <paramref name="parallelism"/> lines are read at once (the LLM client has its own limit too); output keeps
/// the input's order.
/// </summary>
public sealed class ExtractRunner(IReportExtractor rules, IReportExtractor? llm = null, bool compare = false, int parallelism = 1)
{
    /// <summary>Returns how many examinations were written and how many lines were bad.</summary>
    public async Task<(int Written, int Bad)> RunAsync(string inputPath, string outputPath, CancellationToken ct)
    {
        var (written, bad) = (0, 0);
        // Invalid UTF-8 (binary junk) becomes U+FFFD instead of an exception; the JSON parser then rejects the line.
        using var reader = new StreamReader(inputPath, new UTF8Encoding(false, throwOnInvalidBytes: false));
        await using var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false));
        var window = new Queue<Task<(string Line, bool Ok)>>();
        async Task WriteOldestAsync()
        {
            var (result, ok) = await window.Dequeue();
            if (ok) written++; else bad++;
            await writer.WriteLineAsync(result);
        }

        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            window.Enqueue(LineAsync(line, ct));
            if (window.Count >= Math.Max(1, parallelism)) await WriteOldestAsync();
        }

        while (window.Count > 0) await WriteOldestAsync();
        return (written, bad);
    }

    private async Task<(string, bool)> LineAsync(string line, CancellationToken ct)
    {
        await Task.Yield(); // let the reader go on while this line is being extracted
        ReportInput? input = null;
        try
        {
            input = InputLine.Parse(line);
            return (await ProcessAsync(input, ct), true);
        }
        catch (Exception e) when (e is JsonException or FormatException or ExtractionFailedException)
        {
            // A record the extractor could not read keeps its id; a line without one cannot.
            return (ErrorLine(input?.Id, e is JsonException ? $"invalid JSON: {e.Message}" : e.Message), false);
        }
    }

    /// <summary>One examination to one output line. <see cref="ExtractorUnavailableException"/> ends the run.</summary>
    public async Task<string> ProcessAsync(ReportInput input, CancellationToken ct)
    {
        var findings = await (llm ?? rules).ExtractAsync(input, ct);
        if (llm is not null && compare)
        {
            var fromRules = await rules.ExtractAsync(input, ct);
            findings = findings with { Disagreements = FieldDisagreements.Between(fromRules, findings) };
        }

        return FindingsJson.Serialize(findings);
    }

    private static string ErrorLine(string? id, string message) =>
        new JsonObject { ["id"] = id, ["error"] = message }.ToJsonString(FindingsJson.Options);
}
