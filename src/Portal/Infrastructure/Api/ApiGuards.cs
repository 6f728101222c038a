using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace EndoKED.Portal.Infrastructure.Api;

/// <summary>
/// The API's input guard, in one place for every endpoint under <c>/api</c> (shared/contracts/api.md: errors are problem
/// details saying what to send): a body read is capped on the bytes actually read (chunked or not), paging parameters are
/// bounded, text holding NUL or half a surrogate pair is refused naming its field (PostgreSQL cannot store the one, .NET
/// cannot transcode the other), and a model-binding failure is a 400 problem detail instead of an empty 400 or a 500 page.
/// <c>/api/ingest</c> (archive uploads) has its own, larger limits and streams its body: only its query is checked here.
/// </summary>
public static class ApiGuards
{
    /// <summary>The largest JSON body any API endpoint reads (a vote with a full-frame mask is well under it).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Bounds of <c>page</c>: far past any real listing, and (page - 1) × the largest page size fits an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Bounds of <c>pageSize</c> and <c>take</c> (each listing clamps further to its own maximum).</summary>
    public const int MaxPageSize = 1000;

    private static readonly string[] PagingKeys = ["page", "pageSize", "take"];

    public static IServiceCollection AddEndoKedApiGuards(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Type ??= ApiProblems.TypeFor(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode));
        // Binding failures throw, so the guard below answers them with what to send instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Outermost: an exception that says the request was wrong (binding, JSON) becomes a 400 or 413 problem detail on any
    /// path, and an API error answered with no body (a challenge, an unmatched route) gets one.
    /// </summary>
    public static IApplicationBuilder UseEndoKedApiProblems(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        try
        {
            await next(ctx);
            if (ctx.Request.Path.StartsWithSegments("/api") && !ctx.Response.HasStarted && ctx.Response.StatusCode >= 400
                && ctx.Response.ContentType is null && ctx.Response.ContentLength is null && !HttpMethods.IsHead(ctx.Request.Method))
                await ApiProblems.WriteAsync(ctx, ctx.Response.StatusCode, ApiProblems.TitleFor(ctx.Response.StatusCode), ApiProblems.DetailFor(ctx.Response.StatusCode));
        }
        catch (Exception e) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested && Refusal(e) is { } p)
        {
            ctx.Response.Clear();
            await ApiProblems.WriteAsync(ctx, p.Status, p.Title, p.Detail);
        }
    });

    /// <summary>After sign-in (an anonymous caller is refused before its body is read): the query, then the body.</summary>
    public static IApplicationBuilder UseEndoKedApiGuards(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            if (QueryProblem(ctx.Request) is { } query)
            {
                await ApiProblems.WriteAsync(ctx, 400, "Malformed request", query);
                return;
            }
            if (!ctx.Request.Path.StartsWithSegments("/api/ingest") && await BufferBodyAsync(ctx) is { } body)
            {
                await ApiProblems.WriteAsync(ctx, body.Status, body.Title, body.Detail);
                return;
            }
        }
        await next(ctx);
    });

    /// <summary>A query value that no endpoint can use: NUL or half a surrogate pair anywhere, or paging out of bounds.</summary>
    public static string? QueryProblem(HttpRequest request)
    {
        if (ApiText.IsUnstorable(request.Path.Value))
            return "The path holds a NUL character or half a surrogate pair: send plain text ids.";
        foreach (var (key, values) in request.Query)
        {
            if (ApiText.IsUnstorable(key)) return "A query parameter's name holds a NUL character or half a surrogate pair.";
            foreach (var value in values)
            {
                if (ApiText.IsUnstorable(value))
                    return $"The query parameter '{key}' holds a NUL character or half a surrogate pair: send plain text.";
                if (PagingKeys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)) is { } paging)
                {
                    var max = paging == "page" ? MaxPage : MaxPageSize;
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
                        return $"{paging} must be a whole number from 1 to {max}; '{Shorten(value)}' is not.";
                }
            }
        }
        return null;
    }

    private sealed record BodyProblem(int Status, string Title, string Detail);

    /// <summary>
    /// Reads the whole body (it is JSON and small) counting the bytes actually received, so a chunked body without a
    /// Content-Length stops at the cap too; then checks its JSON once, before any endpoint parses it.
    /// </summary>
    private static async Task<BodyProblem?> BufferBodyAsync(HttpContext ctx)
    {
        if (ctx.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return null;
        if (ctx.Request.ContentLength is 0) return null;
        if (ctx.Request.ContentLength > MaxBodyBytes) return TooLarge();
        if (ctx.Request.ContentLength > 0 && !ctx.Request.HasJsonContentType()) return NotJson();

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return TooLarge();
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        ctx.Request.Body = buffer;
        ctx.Response.RegisterForDispose(buffer);
        if (buffer.Length == 0) return null;
        // Every API body is JSON. Insisting on the type also keeps a cross-site "simple request" (text/plain) out.
        if (!ctx.Request.HasJsonContentType()) return NotJson();

        var problem = ApiText.CheckJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return problem is null ? null : new BodyProblem(400, "Malformed request", problem);
    }

    private static BodyProblem NotJson() => new(415, "Unsupported media type",
        "Every API body is JSON: send it with 'Content-Type: application/json'.");

    private static BodyProblem TooLarge() => new(413, "Body too large",
        $"The body is larger than {MaxBodyBytes} bytes ({MaxBodyBytes / 1024 / 1024} MiB), the most any API endpoint reads: send less (archives go to /api/ingest).");

    /// <summary>What an exception says about the request, as a problem; null for a fault of the portal itself.</summary>
    private static BodyProblem? Refusal(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: 413 } => TooLarge(),
        BadHttpRequestException bad => new(bad.StatusCode, ApiProblems.TitleFor(bad.StatusCode), Binding(bad)),
        JsonException json => new(400, "Malformed request", "The body is not the JSON this endpoint reads: " + json.Message),
        _ => null,
    };

    /// <summary>The binder's message ("Failed to read parameter ...") plus the JSON reader's (which field, which line).</summary>
    private static string Binding(BadHttpRequestException e)
    {
        var detail = e.Message;
        if (e.InnerException is JsonException json) detail += " " + json.Message;
        if (e.StatusCode == 415) detail += " Send the body as JSON with 'Content-Type: application/json'.";
        else detail += " See shared/contracts/api.md for what this endpoint takes.";
        return detail;
    }

    private static string Shorten(string? value) => value is null || value.Length <= 20 ? value ?? "" : value[..20] + "...";
}

/// <summary>Problem details with a type, a title and a detail that says what to send.</summary>
public static class ApiProblems
{
    public static string TypeFor(int status) => status switch
    {
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        >= 400 and < 500 => "https://tools.ietf.org/html/rfc9110#section-15.5." + (status - 399),
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "Malformed request",
        401 => "Sign in",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Body too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        _ => "Request failed",
    };

    public static string DetailFor(int status) => status switch
    {
        401 => "Sign in first: POST /api/session and send the token as 'Authorization: Bearer <token>'.",
        403 => "Your role does not allow this.",
        404 => "No such endpoint or item, or you do not have access to it: see shared/contracts/api.md.",
        405 => "This endpoint does not take that method: see shared/contracts/api.md.",
        429 => "Too many requests: wait for the time in Retry-After, then try again.",
        _ => "See shared/contracts/api.md for what this endpoint takes.",
    };

    public static async Task WriteAsync(HttpContext ctx, int status, string title, string detail)
    {
        ctx.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status) };
        var service = ctx.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = ctx, ProblemDetails = problem }))
            await ctx.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", ctx.RequestAborted);
    }
}
