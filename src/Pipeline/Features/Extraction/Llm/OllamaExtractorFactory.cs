using OllamaSharp;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>Builds the LLM extractor on OllamaSharp's <c>OllamaApiClient</c> (an <c>IChatClient</c>).</summary>
public static class OllamaExtractorFactory
{
    /// <summary>
    /// An extractor for <paramref name="endpoint"/> and <paramref name="model"/>; other settings from <paramref name="options"/>.
    /// The HTTP client never times out by itself: <see cref="LlmOptions.Timeout"/> governs each try.
    /// </summary>
    public static LlmExtractor Create(string endpoint, string model, LlmOptions? options = null)
    {
        var o = options ?? new LlmOptions();
        o.Endpoint = new Uri(endpoint);
        o.Model = model;
        var http = new HttpClient { BaseAddress = o.Endpoint, Timeout = Timeout.InfiniteTimeSpan };
        return new LlmExtractor(new OllamaApiClient(http, model), o);
    }
}
