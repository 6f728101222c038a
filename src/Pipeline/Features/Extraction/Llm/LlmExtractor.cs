using System.Net.Http;
using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;
using Microsoft.Extensions.AI;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>
/// Extracts findings with a chat model (any <see cref="IChatClient"/>; OllamaSharp's client in production) using
/// structured JSON output, then verifies every quote against the text. Bounded concurrency, per-try timeout,
/// retries with exponential backoff.
/// </summary>
public sealed class LlmExtractor : IReportExtractor, IDisposable
{
    private readonly IChatClient _client;
    private readonly LlmOptions _options;
    private readonly SemaphoreSlim _gate;
    private readonly Deidentifier? _deidentifier;

    public LlmExtractor(IChatClient client, LlmOptions options)
    {
        _client = client;
        _options = options;
        _gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        _deidentifier = options.Deidentify ? new Deidentifier(options.DeidentificationPatterns) : null;
    }

    public string Name => "llm";

    public string Version => $"llm/{_options.Model}/{LlmPrompt.Version}";

    public async Task<ReportFindings> ExtractAsync(ReportInput input, CancellationToken ct)
    {
        var report = Redact(input.Report ?? "");
        var pathology = string.IsNullOrEmpty(input.Pathology) ? null : Redact(input.Pathology);
        var messages = LlmPrompt.Messages(report.Text, pathology?.Text);
        var chatOptions = new ChatOptions { ModelId = _options.Model, Temperature = 0, ResponseFormat = LlmJson.ResponseFormat };

        await _gate.WaitAsync(ct);
        try
        {
            var answer = await AskWithRetriesAsync(messages, chatOptions, ct);
            return AnswerMapper.Map(answer, input.Id ?? "", report, pathology, Version, _options);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LlmAnswer> AskWithRetriesAsync(List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken ct)
    {
        Exception? last = null;
        var unreachable = false;
        for (var attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(_options.InitialBackoff * Math.Pow(2, attempt - 1), ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                var response = await _client.GetResponseAsync(messages, chatOptions, timeout.Token);
                return LlmJson.Parse(response.Text);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                (last, unreachable) = (new TimeoutException($"no answer within {_options.Timeout.TotalSeconds:0.#} s"), false);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                (last, unreachable) = (e, true);
            }
            catch (JsonException e)
            {
                (last, unreachable) = (new JsonException($"the model's answer is not valid findings JSON: {e.Message}", e), false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (last, unreachable) = (e, false);
            }
        }
        var tries = _options.MaxRetries + 1;
        if (unreachable)
            throw new ExtractorUnavailableException($"the Ollama endpoint {_options.Endpoint} cannot be reached after {tries} tries: {last!.Message}", last);
        throw new ExtractionFailedException($"the model gave no usable answer after {tries} tries: {last!.Message}", last);
    }

    private RedactedText Redact(string text) =>
        _deidentifier?.Redact(text) ?? new Deidentifier(new Dictionary<string, string>()).Redact(text);

    public void Dispose() => _gate.Dispose();
}
