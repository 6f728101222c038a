using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EndoKED.TestSupport;

/// <summary>What the fake server hands its responder: the request as Ollama received it.</summary>
public sealed record FakeChatRequest(string Model, bool Stream, string LastUserMessage, string Body, int CallNumber);

/// <summary>
/// An in-process stand-in for Ollama's <c>/api/chat</c> on 127.0.0.1 (a free port), answering in Ollama's wire format,
/// streamed (NDJSON) or not, as the request asks. For the extraction benchmark and tests; never a production path.
/// </summary>
public sealed class FakeOllamaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    private FakeOllamaServer(WebApplication app) => _app = app;

    /// <summary>The base address to give the Ollama client.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The most requests that were being answered at the same moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts a server whose answers' message content comes from <paramref name="responder"/>.</summary>
    public static async Task<FakeOllamaServer> StartAsync(Func<FakeChatRequest, CancellationToken, Task<string>> responder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeOllamaServer(app);
        app.MapPost("/api/chat", (HttpContext ctx) => server.AnswerAsync(ctx, responder));
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First());
        return server;
    }

    private async Task AnswerAsync(HttpContext ctx, Func<FakeChatRequest, CancellationToken, Task<string>> responder)
    {
        var call = Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = _maxInFlight; now > max; max = _maxInFlight)
            if (Interlocked.CompareExchange(ref _maxInFlight, now, max) == max) break;
        try
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync(ctx.RequestAborted);
            var root = JsonNode.Parse(body)!;
            // Ollama streams unless told "stream": false.
            var stream = root["stream"]?.GetValue<bool>() ?? true;
            var model = root["model"]?.GetValue<string>() ?? "";
            var user = root["messages"]!.AsArray().LastOrDefault(m => m!["role"]!.GetValue<string>() == "user")?["content"]?.GetValue<string>() ?? "";
            var content = await responder(new FakeChatRequest(model, stream, user, body, call), ctx.RequestAborted);
            if (stream)
            {
                ctx.Response.ContentType = "application/x-ndjson";
                var half = content.Length / 2;
                foreach (var piece in new[] { content[..half], content[half..] })
                    await ctx.Response.WriteAsync(Chunk(model, piece, done: false) + "\n", ctx.RequestAborted);
                await ctx.Response.WriteAsync(Chunk(model, "", done: true) + "\n", ctx.RequestAborted);
            }
            else
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(Chunk(model, content, done: true), ctx.RequestAborted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static string Chunk(string model, string content, bool done)
    {
        var o = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = done,
        };
        if (done)
        {
            o["done_reason"] = "stop";
            o["total_duration"] = 1000;
            o["prompt_eval_count"] = 10;
            o["eval_count"] = 10;
        }
        return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
