namespace EndoKED.Portal.Infrastructure.Api;

/// <summary>
/// A write to the API (POST, PUT, PATCH, DELETE) signed in by the browser's cookie must come from the portal's own pages:
/// the browser's <c>Sec-Fetch-Site</c> says <c>same-origin</c> (or, from a browser too old to send it, <c>Origin</c> names
/// this host), and a body is JSON (a cross-site form or <c>text/plain</c> post cannot be). SameSite=Strict alone lets a page
/// on a sibling host or port through. Bearer-token calls (scripts) carry no ambient credential and are not checked.
/// </summary>
public static class CookieWrites
{
    public static IApplicationBuilder UseEndoKedCookieWriteCheck(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.Path.StartsWithSegments("/api") && IsWrite(ctx.Request.Method)
            && ctx.User.Identity?.IsAuthenticated == true && !IsBearer(ctx.Request) && Refusal(ctx.Request) is { } why)
        {
            await ApiProblems.WriteAsync(ctx, 403, "Cross-site write refused", why);
            return;
        }
        await next(ctx);
    });

    public static string? Refusal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        if (site.Length > 0 && site != "same-origin")
            return $"This write came from another site (Sec-Fetch-Site: {site}) with your sign-in cookie. Use the portal's own pages, or call the API with a bearer token (POST /api/session).";
        if (site.Length == 0 && origin.Length > 0 && !SameHost(origin, request))
            return "This write came from another origin with your sign-in cookie. Use the portal's own pages, or call the API with a bearer token (POST /api/session).";
        if (request.ContentLength is > 0 && !request.HasJsonContentType())
            return "A write signed in by cookie must send JSON ('Content-Type: application/json').";
        return null;
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    // The host alone: behind a TLS proxy the portal may see http while the browser's origin says https.
    private static bool SameHost(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.IsDefaultPort ? o.Host : $"{o.Host}:{o.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
