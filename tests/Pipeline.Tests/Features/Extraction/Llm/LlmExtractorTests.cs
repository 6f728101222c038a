using EndoKED.Shared.Records;
using System.Net;
using System.Net.Sockets;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Pipeline.Features.Extraction.Llm;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Llm;

public sealed class LlmExtractorTests
{
    private const string Report = "Indication: prior adenoma.\nFindings: A 6 mm sessile polyp in the sigmoid colon, removed with cold snare.";
    private const string Pathology = "Sigmoid polyp: tubular adenoma.";

    private static LlmOptions Fast(int retries = 2) => new()
    {
        Timeout = TimeSpan.FromSeconds(10), MaxRetries = retries, InitialBackoff = TimeSpan.FromMilliseconds(20), MaxConcurrency = 4,
    };

    [Fact]
    public async Task A_good_answer_becomes_findings_with_spans_on_the_quoted_words()
    {
        var bodies = new List<string>();
        await using var server = await FakeOllamaServer.StartAsync((r, _) =>
        {
            lock (bodies) bodies.Add(r.Body);
            return Task.FromResult(RulesAsModel.Answer(r.LastUserMessage));
        });
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "test-model", Fast());

        var f = await llm.ExtractAsync(new("e1", Report, Pathology), CancellationToken.None);

        Assert.Equal("llm/test-model/p1", f.Extractor);
        Assert.True(f.PolypPresent);
        Assert.Equal(1, f.PolypCount);
        Assert.Equal(Segment.Sigmoid, Assert.Single(f.Polyps).Location);
        Assert.Equal([PathologyClass.Adenoma], f.Pathology);
        Assert.Empty(f.Unverified!);
        Assert.Contains("polyp", f.Evidence[0].TextIn(Report, Pathology), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("adenoma", f.PathologyEvidence![PathologyClass.Adenoma][0].TextIn(Report, Pathology), StringComparison.Ordinal);
        // Structured output: the answer's JSON Schema goes out as Ollama's "format", and the record as delimited data.
        Assert.Contains("\"format\"", bodies[0], StringComparison.Ordinal);
        Assert.Contains("presence_quote", bodies[0], StringComparison.Ordinal);
        Assert.Contains(LlmPrompt.DataStart, bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_is_retried_and_then_fails_this_record_only()
    {
        await using var server = await FakeOllamaServer.StartAsync((_, _) => Task.FromResult("Sure! The patient has polyps."));
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", Fast(retries: 2));

        var e = await Assert.ThrowsAsync<ExtractionFailedException>(() => llm.ExtractAsync(new("e1", Report, null), CancellationToken.None));

        Assert.Equal(3, server.Calls);
        Assert.Contains("not valid findings JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_that_is_not_in_the_text_is_flagged_and_not_trusted()
    {
        const string answer = """{"polyp_present":true,"presence_quote":"five polyps in the rectum","polyp_count":5,"polyps":[{"count":5,"location":"rectum","size_mm":null,"morphology":null,"removed":null,"quote":"five polyps in the rectum"}],"pathology":[{"class":"carcinoma","quote":"invasive carcinoma"}]}""";
        await using var server = await FakeOllamaServer.StartAsync((_, _) => Task.FromResult(answer));
        var options = Fast();
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", options);

        var f = await llm.ExtractAsync(new("e1", Report, Pathology), CancellationToken.None);

        Assert.Equal(["polyp_present", "polyps[0]", "pathology[carcinoma]"], f.Unverified);
        Assert.Equal(options.UnverifiedConfidence, f.Confidence);
        Assert.Empty(f.Evidence);
        Assert.Equal(PolypLabel.Undecided, LabelProposer.Propose(f).Label);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_the_retry_succeeds()
    {
        await using var server = await FakeOllamaServer.StartAsync(async (r, ct) =>
        {
            if (r.CallNumber == 1) await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return RulesAsModel.Answer(r.LastUserMessage);
        });
        var options = Fast();
        options.Timeout = TimeSpan.FromMilliseconds(400);
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", options);

        var f = await llm.ExtractAsync(new("e1", Report, Pathology), CancellationToken.None);

        Assert.True(f.PolypPresent);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task No_server_gives_a_clear_unavailable_error()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var llm = OllamaExtractorFactory.Create($"http://127.0.0.1:{port}", "m", Fast(retries: 1));

        var e = await Assert.ThrowsAsync<ExtractorUnavailableException>(() => llm.ExtractAsync(new("e1", Report, null), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_in_flight_never_exceed_the_configured_concurrency()
    {
        await using var server = await FakeOllamaServer.StartAsync(async (r, ct) =>
        {
            await Task.Delay(150, ct);
            return RulesAsModel.Answer(r.LastUserMessage);
        });
        var options = Fast();
        options.MaxConcurrency = 2;
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", options);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => llm.ExtractAsync(new($"e{i}", Report, null), CancellationToken.None)));

        Assert.Equal(6, server.Calls);
        Assert.Equal(2, server.MaxInFlight);
    }
}
