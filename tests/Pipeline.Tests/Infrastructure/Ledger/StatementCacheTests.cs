using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.TestSupport;
using Npgsql;

namespace EndoKED.Pipeline.Tests.Infrastructure.Ledger;

/// <summary>The ledger's connections prepare the statements they repeat (PostgreSQL then skips parsing and planning them).</summary>
public class StatementCacheTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public void The_ledger_connection_string_turns_automatic_preparation_on_and_keeps_everything_else()
    {
        var cs = LedgerSetup.WithStatementCache("Host=127.0.0.1;Port=5544;Database=endoked;Username=u;Password=secret;Timeout=9");

        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(LedgerSetup.MaxPreparedStatements, b.MaxAutoPrepare);
        Assert.Equal(2, b.AutoPrepareMinUsages);
        Assert.Equal(("127.0.0.1", 5544, "endoked", "u", "secret", 9), (b.Host, b.Port, b.Database, b.Username, b.Password, b.Timeout));
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=h;Auto Prepare Min Usages=7", 0, 7)]
    [InlineData("Host=h;maxautoprepare=12", 12, 5)]
    public void A_connection_string_that_sets_preparation_itself_keeps_its_values(string given, int max, int minUsages)
    {
        var b = new NpgsqlConnectionStringBuilder(LedgerSetup.WithStatementCache(given));
        Assert.Equal((max, minUsages), (b.MaxAutoPrepare, b.AutoPrepareMinUsages));
    }

    [Fact]
    public async Task A_statement_the_ledger_sends_twice_on_a_connection_is_prepared_on_the_server()
    {
        await using var conn = ledger.Store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var cmd = new NpgsqlCommand($"select count(*) from {ledger.Schema}.mt_streams where id = @id", conn);
            cmd.Parameters.AddWithValue("id", Guid.NewGuid());
            await cmd.ExecuteScalarAsync();
        }

        await using var check = new NpgsqlCommand("select count(*) from pg_prepared_statements where statement like '%mt_streams where id = $1%'", conn);
        Assert.Equal(1L, (long)(await check.ExecuteScalarAsync())!);
    }
}
