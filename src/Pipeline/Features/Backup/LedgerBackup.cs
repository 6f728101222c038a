using System.Formats.Tar;
using System.IO.Compression;
using EndoKED.Pipeline.Infrastructure;
using Npgsql;

namespace EndoKED.Pipeline.Features.Backup;

/// <summary>
/// A consistent-enough copy of one deployment: pg_dump (custom format) of EndoKED's schemas and a tar of the file store,
/// with a manifest of SHA-256s. Blobs are content-addressed and never change, so a file store copied after the dump
/// holds every blob the dumped events name (take the backup while nothing ingests to also skip orphans).
/// </summary>
public static class LedgerBackup
{
    public static async Task<BackupManifest> BackupAsync(EndoKedOptions options, string output, CancellationToken ct)
    {
        Directory.CreateDirectory(output);
        if (Directory.EnumerateFileSystemEntries(output).Any())
            throw new IOException($"{output} is not empty: back up into a new folder.");
        var schemas = PgTools.SchemasOf(options.Schema);
        var database = new NpgsqlConnectionStringBuilder(options.ConnectionString).Database ?? "";

        var events = await PgTools.CountAsync(options.ConnectionString, $"select count(*) from {options.Schema}.mt_events", ct);
        var args = new List<string> { "-Fc", "-d", database, "-f", Path.Combine(output, BackupManifest.LedgerFile) };
        foreach (var s in schemas) args.AddRange(["-n", s]);
        await PgTools.RunAsync("pg_dump", options.ConnectionString, args, ct);

        var blobs = 0;
        await using (var file = File.Create(Path.Combine(output, BackupManifest.FilesArchive)))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            if (Directory.Exists(options.DataRoot))
                foreach (var path in Directory.EnumerateFiles(options.DataRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    await tar.WriteEntryAsync(path, Path.GetRelativePath(options.DataRoot, path).Replace('\\', '/'), ct);
                    blobs++;
                }
        }

        var manifest = new BackupManifest(1, DateTimeOffset.UtcNow, database, schemas, events, blobs,
            [await BackupFile.OfAsync(output, BackupManifest.LedgerFile, ct), await BackupFile.OfAsync(output, BackupManifest.FilesArchive, ct)]);
        await manifest.WriteAsync(output, ct);
        return manifest;
    }

    /// <summary>Into the configured database (created when missing) and file root; both must be empty unless <paramref name="force"/>.</summary>
    public static async Task<BackupManifest> RestoreAsync(EndoKedOptions options, string input, bool force, CancellationToken ct)
    {
        var manifest = await BackupManifest.ReadAsync(input, ct);
        await manifest.VerifyAsync(input, ct);
        if (manifest.Schemas.Count == 0 || manifest.Schemas[0] != options.Schema)
            throw new InvalidOperationException(
                $"The backup holds schema '{manifest.Schemas.FirstOrDefault()}' but EndoKED:Schema is '{options.Schema}'; set it to the backup's.");

        await EnsureDatabaseAsync(options.ConnectionString, ct);
        if (!force && await SchemaExistsAsync(options.ConnectionString, options.Schema, ct))
            throw new InvalidOperationException($"Schema '{options.Schema}' already exists in the target database: restore into an empty one, or pass --force to replace it.");
        if (!force && Directory.Exists(options.DataRoot) && Directory.EnumerateFileSystemEntries(options.DataRoot).Any())
            throw new InvalidOperationException($"The file store {options.DataRoot} is not empty: restore into an empty one, or pass --force.");

        var database = new NpgsqlConnectionStringBuilder(options.ConnectionString).Database ?? "";
        var args = new List<string> { "-d", database, "--no-owner", "--exit-on-error" };
        if (force) args.AddRange(["--clean", "--if-exists"]);
        args.Add(Path.Combine(input, BackupManifest.LedgerFile));
        await PgTools.RunAsync("pg_restore", options.ConnectionString, args, ct);

        Directory.CreateDirectory(options.DataRoot);
        await using (var file = File.OpenRead(Path.Combine(input, BackupManifest.FilesArchive)))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            await TarFile.ExtractToDirectoryAsync(gzip, options.DataRoot, overwriteFiles: force, ct);

        var events = await PgTools.CountAsync(options.ConnectionString, $"select count(*) from {options.Schema}.mt_events", ct);
        if (events != manifest.EventCount)
            throw new IOException($"The restored ledger holds {events} events; the backup had {manifest.EventCount}.");
        return manifest;
    }

    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @d", conn);
        exists.Parameters.AddWithValue("d", target.Database!);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> SchemaExistsAsync(string connectionString, string schema, CancellationToken ct) =>
        await PgTools.CountAsync(connectionString, $"select count(*) from pg_namespace where nspname = '{schema.Replace("'", "''", StringComparison.Ordinal)}'", ct) > 0;
}
