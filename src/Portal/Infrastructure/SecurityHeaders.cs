namespace EndoKED.Portal.Infrastructure;

/// <summary>Headers every response carries: no framing, no sniffing, no referrer leaks, scripts only from this origin.</summary>
public static class SecurityHeaders
{
    private const string Policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
                                  "img-src 'self' data: blob:; connect-src 'self' ws: wss:; base-uri 'self'; object-src 'none'; frame-ancestors ";

    /// <summary>A page the portal's own pages embed (the mask editor island): framing by this origin only, never by another site.</summary>
    public static void AllowSameOriginFraming(HttpResponse response)
    {
        response.Headers.XFrameOptions = "SAMEORIGIN";
        response.Headers.ContentSecurityPolicy = Policy + "'self'";
    }

    public static IApplicationBuilder UseEndoKedSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var h = ctx.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Blazor Server needs inline styles from MudBlazor and 'wasm-unsafe-eval' for WebAssembly components.
        h.ContentSecurityPolicy = Policy + "'none'";
        await next();
    });
}
