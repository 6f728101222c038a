using Marten;

namespace EndoKED.Portal.Infrastructure;

/// <summary><c>/health</c>: whether PostgreSQL (the ledger and the queues) answers.</summary>
public static class Health
{
    public static IEndpointRouteBuilder MapEndoKedHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IDocumentStore store, CancellationToken ct) =>
        {
            try
            {
                await using var session = store.QuerySession();
                await using var cmd = session.Connection!.CreateCommand();
                cmd.CommandText = "select 1";
                await cmd.ExecuteScalarAsync(ct);
                return Results.Ok(new { status = "healthy", postgres = "reachable" });
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return Results.Json(new { status = "unhealthy", postgres = "unreachable", detail = e.Message }, statusCode: 503);
            }
        }).AllowAnonymous();
        return app;
    }
}
