using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;

namespace EndoKED.TestSupport;

/// <summary>
/// A real PostgreSQL ledger for one test class: its own schema in the throwaway cluster that ./endoked test starts,
/// and its own file store folder.
/// </summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ENDOKED_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("ENDOKED_TEST_POSTGRES is not set: run the tests with ./endoked test, which starts a throwaway PostgreSQL.");

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
    public string DataRoot { get; } = TestPaths.NewTempDir("ledger");
    public DocumentStore Store { get; private set; } = null!;
    public LocalFileStore Files { get; private set; } = null!;
    public EndoKedOptions Options { get; private set; } = null!;

    public RecordIngester Ingester(IngestLimits? limits = null, TimeProvider? clock = null) =>
        new(Store, Files, limits ?? new IngestLimits(), clock ?? TimeProvider.System);

    public async Task InitializeAsync()
    {
        Options = new EndoKedOptions { ConnectionString = ConnectionString, Schema = Schema, DataRoot = Path.Combine(DataRoot, "files") };
        Store = DocumentStore.For(o => o.ConfigureEndoKed(Options));
        Files = new LocalFileStore(Options.DataRoot);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await using (var conn = new Npgsql.NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"drop schema if exists {Schema} cascade";
            await cmd.ExecuteNonQueryAsync();
        }
        Store.Dispose();
    }
}
