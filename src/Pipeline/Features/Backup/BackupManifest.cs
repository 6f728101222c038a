using System.Security.Cryptography;
using System.Text.Json;

namespace EndoKED.Pipeline.Features.Backup;

/// <summary>manifest.json of a backup folder: what was saved, from where, and the SHA-256 of each file.</summary>
public sealed record BackupManifest(
    int FormatVersion, DateTimeOffset CreatedAt, string Database, IReadOnlyList<string> Schemas, long EventCount, int BlobCount,
    IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";
    public const string LedgerFile = "ledger.dump";
    public const string FilesArchive = "files.tar.gz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> ReadAsync(string dir, CancellationToken ct)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) throw new IOException($"{path} is missing: not a backup folder written by ./endoked backup.");
        await using var s = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BackupManifest>(s, Json, ct)
            ?? throw new IOException($"{path} is empty.");
    }

    public async Task WriteAsync(string dir, CancellationToken ct)
    {
        await using var s = File.Create(Path.Combine(dir, FileName));
        await JsonSerializer.SerializeAsync(s, this, Json, ct);
    }

    /// <summary>Throws when a file is missing or its bytes are not the ones backed up.</summary>
    public async Task VerifyAsync(string dir, CancellationToken ct)
    {
        foreach (var f in Files)
        {
            var path = Path.Combine(dir, f.Name);
            if (!File.Exists(path)) throw new IOException($"{f.Name} is missing from the backup folder.");
            var sha = await BackupFile.Sha256Async(path, ct);
            if (sha != f.Sha256) throw new IOException($"{f.Name} is damaged: SHA-256 {sha}, the manifest says {f.Sha256}.");
        }
    }
}

public sealed record BackupFile(string Name, long Bytes, string Sha256)
{
    public static async Task<BackupFile> OfAsync(string dir, string name, CancellationToken ct)
    {
        var path = Path.Combine(dir, name);
        return new BackupFile(name, new FileInfo(path).Length, await Sha256Async(path, ct));
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }
}
