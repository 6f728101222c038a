using Npgsql;

namespace EndoKED.Portal.Tests.Features.ScaleOut;

/// <summary>Counts straight from the event table: what the ledger holds, whatever the projections say.</summary>
public static class LedgerCounts
{
    /// <summary>(stream id, Marten event type name) → how many such events.</summary>
    public static async Task<Dictionary<(Guid Stream, string Type), int>> ByStreamAndTypeAsync(string schema)
    {
        await using var conn = new NpgsqlConnection(EndoKED.TestSupport.PortalFactory.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select stream_id, type, count(*)::int from {schema}.mt_events group by 1, 2", conn);
        var result = new Dictionary<(Guid, string), int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt32(2);
        return result;
    }

    public static async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(EndoKED.TestSupport.PortalFactory.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> EventsOfTypeAsync(string schema, string type) =>
        CountAsync($"select count(*) from {schema}.mt_events where type = '{type}'");
}
