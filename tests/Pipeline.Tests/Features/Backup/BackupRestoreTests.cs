using System.Security.Cryptography;
using EndoKED.Pipeline.Features.Backup;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using Npgsql;

namespace EndoKED.Pipeline.Tests.Features.Backup;

/// <summary>Backup (pg_dump + file store tar) and restore into a fresh database and file root of the test cluster.</summary>
public sealed class BackupRestoreTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private readonly string _database = "restore_" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var root = TestPaths.NewTempDir("backup-records");
        for (var i = 0; i < 3; i++)
            TestFrames.ExamFolder(root, $"bk-{i}", $"A {i + 4} mm polyp in the rectum.", null,
                ("1.png", TestFrames.Png(seed: 700 + i)), ("2.png", TestFrames.Png(seed: 750 + i)));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-bk", "test");
    }

    private EndoKedOptions Target(string dataRoot) => new()
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(LedgerFixture.ConnectionString) { Database = _database }.ConnectionString,
        Schema = ledger.Schema,
        DataRoot = dataRoot,
    };

    [Fact]
    public async Task A_restored_backup_holds_the_same_events_and_the_same_blobs_in_a_fresh_database_and_file_root()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("backup"), "b1");
        var manifest = await LedgerBackup.BackupAsync(ledger.Options, dir, CancellationToken.None);
        var target = Target(Path.Combine(TestPaths.NewTempDir("restore"), "files"));

        await LedgerBackup.RestoreAsync(target, dir, force: false, CancellationToken.None);

        Assert.True(manifest.EventCount >= 9, $"only {manifest.EventCount} events were backed up");
        Assert.Equal(await EventsAsync(ledger.Options), await EventsAsync(target));
        Assert.Equal(Blobs(ledger.Options.DataRoot), Blobs(target.DataRoot));
        Assert.Equal(manifest.BlobCount, Blobs(target.DataRoot).Count);
    }

    [Fact]
    public async Task A_damaged_backup_or_a_target_in_use_is_refused_before_anything_is_written()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("backup"), "b2");
        await LedgerBackup.BackupAsync(ledger.Options, dir, CancellationToken.None);
        var ledgerFile = Path.Combine(dir, BackupManifest.LedgerFile);
        var bytes = await File.ReadAllBytesAsync(ledgerFile);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(ledgerFile, bytes);

        var damaged = await Assert.ThrowsAsync<IOException>(() =>
            LedgerBackup.RestoreAsync(Target(TestPaths.NewTempDir("restore")), dir, false, CancellationToken.None));
        Assert.Contains("damaged", damaged.Message, StringComparison.Ordinal);

        var clean = Path.Combine(TestPaths.NewTempDir("backup"), "b3");
        await LedgerBackup.BackupAsync(ledger.Options, clean, CancellationToken.None);
        var inUse = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LedgerBackup.RestoreAsync(ledger.Options, clean, false, CancellationToken.None));
        Assert.Contains("already exists", inUse.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> EventsAsync(EndoKedOptions options)
    {
        await using var conn = new NpgsqlConnection(options.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select stream_id::text || '/' || version || '/' || type || '/' || md5(data::text) from {options.Schema}.mt_events order by seq_id", conn);
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static List<string> Blobs(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p) + "=" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p))))
            .Order(StringComparer.Ordinal)];

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(LedgerFixture.ConnectionString) { Database = "postgres", Pooling = false };
        using var conn = new NpgsqlConnection(admin.ConnectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand($"drop database if exists {_database} with (force)", conn);
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
