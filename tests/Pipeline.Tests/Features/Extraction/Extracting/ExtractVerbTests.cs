using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Llm;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Extracting;

public sealed class ExtractVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("endoked-extract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_line_gets_one_output_line_in_order_and_bad_lines_get_an_error()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        await using (var s = File.Create(input))
        {
            await s.WriteAsync(Encoding.UTF8.GetBytes(Line("e1", "A 5 mm polyp in the rectum.") + "\n"));
            await s.WriteAsync(Encoding.UTF8.GetBytes("{not json\n"));
            await s.WriteAsync(Encoding.UTF8.GetBytes("{\"report\": \"no id here\"}\n"));
            await s.WriteAsync(new byte[] { 0xFF, 0xFE, 0x00, 0x81, 0xC3, 0x28, 0x0A });
            await s.WriteAsync(Encoding.UTF8.GetBytes(Line("e2", "") + "\n"));
            await s.WriteAsync(Encoding.UTF8.GetBytes("\n"));
            await s.WriteAsync(Encoding.UTF8.GetBytes(Line("e3", new string('x', 1_000_000) + " polyp") + "\n"));
            await s.WriteAsync(Encoding.UTF8.GetBytes("{\"id\": 42, \"report\": \"No polyps.\"}\n"));
        }

        var (code, _, _) = await RunAsync("--input", input, "--output", Output);

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["e1", null, null, null, "e2", "e3", "42"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines.Where(l => l.GetProperty("id").ValueKind == JsonValueKind.Null),
            l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("error").GetString())));
        Assert.True(lines[0].GetProperty("polyp_present").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lines[4].GetProperty("polyp_present").ValueKind);
        Assert.Equal("fake/1", lines[5].GetProperty("extractor").GetString());
    }

    [Theory]
    [InlineData("llm")]
    [InlineData("both")]
    public async Task The_llm_modes_without_an_ollama_endpoint_fail_with_a_clear_message(string mode)
    {
        Environment.SetEnvironmentVariable(ExtractVerb.OllamaUrlVariable, null);
        Environment.SetEnvironmentVariable(ExtractVerb.OllamaModelVariable, null);
        Environment.SetEnvironmentVariable("Extraction__Llm__Endpoint", null);
        Environment.SetEnvironmentVariable("Extraction__Llm__Model", null);
        await File.WriteAllTextAsync(Input, Line("e1", "polyp") + "\n");

        var (code, _, error) = await RunAsync("--input", Input, "--output", Output, "--extractor", mode);

        Assert.Equal(1, code);
        Assert.Contains("Ollama", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Both_writes_the_llm_result_with_the_fields_where_the_rules_differ()
    {
        await File.WriteAllTextAsync(Input, Line("e1", "A polyp.") + "\n");
        var verb = new ExtractVerb(new FakeExtractor("rules", present: true), (_, _) => new FakeExtractor("llm", present: false));

        var code = await verb.RunAsync(Args("--input", Input, "--output", Output, "--extractor", "both", "--ollama", "http://x", "--model", "m"),
            new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);

        Assert.Equal(0, code);
        var line = JsonDocument.Parse(File.ReadAllLines(Output).Single()).RootElement;
        Assert.Equal("llm/1", line.GetProperty("extractor").GetString());
        Assert.Equal(["polyp_present", "polyp_count"], line.GetProperty("disagreements").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task An_unreachable_model_ends_the_run_with_exit_code_1()
    {
        await File.WriteAllTextAsync(Input, Line("e1", "A polyp.") + "\n");
        var error = new StringWriter();
        var verb = new ExtractVerb(new FakeExtractor("rules", present: true), (_, _) => new UnreachableExtractor());

        var code = await verb.RunAsync(Args("--input", Input, "--output", Output, "--extractor", "llm", "--ollama", "http://127.0.0.1:9", "--model", "m"),
            new CliConsole(TextWriter.Null, error), CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("connection refused", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_the_extractor_cannot_read_keeps_its_id_and_the_run_goes_on()
    {
        await File.WriteAllLinesAsync(Input, [Line("fails", "boom"), Line("e2", "A polyp.")]);
        var verb = new ExtractVerb(new FakeExtractor("fake", present: true));

        var code = await verb.RunAsync(Args("--input", Input, "--output", Output), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("fails", lines[0].GetProperty("id").GetString());
        Assert.Contains("boom", lines[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(lines[1].GetProperty("polyp_present").GetBoolean());
    }

    [Fact]
    public async Task With_an_llm_several_reports_are_read_at_once_and_the_output_keeps_the_input_order()
    {
        // The earlier a report, the slower its answer: a runner that wrote in completion order would reverse them.
        await using var server = await FakeOllamaServer.StartAsync(async (r, ct) =>
        {
            var n = int.Parse(System.Text.RegularExpressions.Regex.Match(r.LastUserMessage, @"report number (\d+)").Groups[1].Value);
            await Task.Delay(40 * (8 - n), ct);
            return RulesAsModel.Answer(r.LastUserMessage);
        });
        await File.WriteAllLinesAsync(Input, Enumerable.Range(0, 8).Select(i => Line($"e{i}", $"This is report number {i}. A 5 mm polyp in the rectum.")));
        var verb = new ExtractVerb(new FakeExtractor("rules", present: true), (url, model) => OllamaExtractorFactory.Create(url, model));

        var code = await verb.RunAsync(Args("--input", Input, "--output", Output, "--extractor", "llm",
            "--ollama", server.Endpoint.ToString(), "--model", "m", "--concurrency", "4"), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"e{i}"), File.ReadAllLines(Output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Equal(8, server.Calls);
        Assert.True(server.MaxInFlight > 1, $"at most {server.MaxInFlight} request(s) in flight");
    }

    [Fact]
    public async Task A_missing_input_file_fails_and_an_unknown_option_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("--input", Path.Combine(_dir, "absent.jsonl"), "--output", Output);
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UsageException>(() => RunAsync("--input", Input, "--output", Output, "--extracter", "rules"));
        File.WriteAllText(Input, Line("e1", "No polyps.") + "\n");
        Assert.Equal(2, (await RunAsync("--input", Input, "--output", Output, "--concurrency", "0")).Code);
    }

    private string Input => Path.Combine(_dir, "in.jsonl");

    private string Output => Path.Combine(_dir, "out.jsonl");

    private static string Line(string id, string report) => JsonSerializer.Serialize(new { id, report, pathology = "" });

    private static CliArgs Args(params string[] args) => new(args);

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await new ExtractVerb(new FakeExtractor("fake", present: true)).RunAsync(Args(args), new CliConsole(o, e), CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Says "present" when the report names a polyp (or always <paramref name="present"/>=false); enough to test the plumbing.</summary>
    private sealed class FakeExtractor(string name, bool present) : IReportExtractor
    {
        public string Name => name;

        public string Version => "1";

        public Task<ReportFindings> ExtractAsync(ReportInput input, CancellationToken ct)
        {
            if (input.Report == "boom") throw new ExtractionFailedException("boom: no valid answer");
            bool? found = input.Report.Length == 0 ? null : present && input.Report.Contains("polyp", StringComparison.OrdinalIgnoreCase);
            return Task.FromResult(new ReportFindings(input.Id ?? "", found, found == true ? 1 : found == false ? 0 : null,
                [], [], [], $"{Name}/{Version}", null));
        }
    }

    private sealed class UnreachableExtractor : IReportExtractor
    {
        public string Name => "llm";

        public string Version => "1";

        public Task<ReportFindings> ExtractAsync(ReportInput input, CancellationToken ct) =>
            throw new ExtractorUnavailableException("connection refused at http://127.0.0.1:9");
    }
}
