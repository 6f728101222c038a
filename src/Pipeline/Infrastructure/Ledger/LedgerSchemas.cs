namespace EndoKED.Pipeline.Infrastructure.Ledger;

/// <summary>The PostgreSQL schemas one EndoKED store uses: the ledger and Wolverine's message and queue schemas beside it.</summary>
public static class LedgerSchemas
{
    /// <summary>Drops a throwaway store (benchmarks): the ledger schema and its <c>_messages</c> and <c>_queues</c> siblings.</summary>
    public static async Task DropAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"drop schema if exists {schema} cascade; drop schema if exists {schema}_messages cascade; drop schema if exists {schema}_queues cascade";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
