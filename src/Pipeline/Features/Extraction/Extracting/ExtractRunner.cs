using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Extracting;

/// <summary>
/// Streams JSONL in and findings JSONL out, so a large file never sits in memory and one bad line never stops the rest.
/// With an LLM, its result is written; with <c>compare</c>, the fields where the rules differ are added.
/// </summary>
public sealed class ExtractRunner(IReportExtractor rules, IReportExtractor? llm = null, bool compare = false)
{
    /// <summary>Returns how many examinations were written and how many lines were bad.</summary>
    public async Task<(int Written, int Bad)> RunAsync(string inputPath, string outputPath, CancellationToken ct)
    {
        var (written, bad) = (0, 0);
        // Invalid UTF-8 (binary junk) becomes U+FFFD instead of an exception; the JSON parser then rejects the line.
        using var reader = new StreamReader(inputPath, new UTF8Encoding(false, throwOnInvalidBytes: false));
        await using var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            string result;
            ReportInput? input = null;
            try
            {
                input = InputLine.Parse(line);
                result = await ProcessAsync(input, ct);
                written++;
            }
            catch (Exception e) when (e is JsonException or FormatException or ExtractionFailedException)
            {
                // A record the extractor could not read keeps its id; a line without one cannot.
                result = ErrorLine(input?.Id, e is JsonException ? $"invalid JSON: {e.Message}" : e.Message);
                bad++;
            }

            await writer.WriteLineAsync(result);
        }

        return (written, bad);
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
