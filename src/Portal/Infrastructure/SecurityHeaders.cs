using System.Security.Cryptography;

namespace EndoKED.Portal.Infrastructure;

/// <summary>
/// Headers every response carries: no framing, no sniffing, no referrer leaks, scripts only from this origin, plus the
/// one inline script Blazor writes (the import map), allowed by a nonce fresh for each response.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "endoked-csp-nonce";

    private static string Policy(string nonce, string frameAncestors) =>
        $"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; " +
        $"img-src 'self' data: blob:; connect-src 'self' ws: wss:; base-uri 'self'; object-src 'none'; frame-ancestors {frameAncestors}";

    /// <summary>This response's nonce, for the inline scripts the page renders itself (App.razor's import map).</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>A page the portal's own pages embed (the mask editor island): framing by this origin only, never by another site.</summary>
    public static void AllowSameOriginFraming(HttpResponse response)
    {
        response.Headers.XFrameOptions = "SAMEORIGIN";
        response.Headers.ContentSecurityPolicy = Policy(Nonce(response.HttpContext), "'self'");
    }

    public static IApplicationBuilder UseEndoKedSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var h = ctx.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Blazor Server needs inline styles from MudBlazor and 'wasm-unsafe-eval' for WebAssembly components.
        h.ContentSecurityPolicy = Policy(Nonce(ctx), "'none'");
        await next();
    });
}
