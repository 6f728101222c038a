using System.Security.Cryptography;

namespace EndoKED.Pipeline.Infrastructure.Files;

/// <summary>
/// Content-addressed storage: a blob's name is the SHA-256 of its bytes, so storing the same bytes twice is a no-op
/// and nothing a user types ever becomes a path.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the bytes and returns their hash; an existing blob is left as it is.</summary>
    Task<StoredBlob> PutAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    /// <summary>Stores bytes whose SHA-256 the caller has just computed from them (ingest hashes each frame once).</summary>
    StoredBlob PutHashed(ReadOnlySpan<byte> bytes, string sha256);

    /// <summary>Streams bytes into the store (hashing as it goes), refusing more than <paramref name="maxBytes"/>.</summary>
    Task<StoredBlob> PutStreamAsync(Stream source, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored blob for reading, or null when no blob has that hash.</summary>
    Stream? OpenRead(string sha256);

    bool Exists(string sha256);

    /// <summary>A derived artefact (a thumbnail, say) cached under its blob and a variant name.</summary>
    Task<byte[]> GetOrAddDerivedAsync(string sha256, string variant, Func<Stream, Task<byte[]>> make, CancellationToken cancellationToken = default);
}

public sealed record StoredBlob(string Sha256, long SizeBytes, bool AlreadyStored);

/// <summary>A streamed upload went past its limit (the partial file is deleted); an API answers 413.</summary>
public sealed class UploadTooLargeException(string message) : IOException(message);

/// <summary>
/// Blobs up to <see cref="MaxPackedBytes"/> stored by <see cref="PutHashed"/> or <see cref="PutAsync"/> go into
/// append-only pack files (<c>packs/</c>); larger ones and streamed uploads are one file each under <c>blobs/</c>. Reads
/// look in both, so a store written before packs existed reads as it did.
/// </summary>
public sealed class LocalFileStore : IFileStore, IDisposable
{
    private readonly string _blobs;
    private readonly string _derived;
    private readonly string _staging;
    private readonly BlobPacks _packs;
    private readonly bool _packSmallBlobs;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _knownDirs = new(StringComparer.Ordinal);

    /// <param name="root">The store's folder.</param>
    /// <param name="packSmallBlobs">False writes every blob as a file of its own, as before packs existed (the ingest
    /// benchmark measures both layouts in one run).</param>
    public LocalFileStore(string root, bool packSmallBlobs = true)
    {
        _packSmallBlobs = packSmallBlobs;
        if (string.IsNullOrWhiteSpace(root))
            throw new InvalidOperationException("The file store needs a data root (EndoKED:DataRoot).");
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, "blobs");
        _derived = Path.Combine(Root, "derived");
        _staging = Path.Combine(Root, "staging");
        _packs = new BlobPacks(Path.Combine(Root, "packs"));
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_derived);
        Directory.CreateDirectory(_staging);
    }

    /// <summary>Blobs up to this size are appended to packs; larger ones are files of their own.</summary>
    public const int MaxPackedBytes = BlobPacks.MaxPackedBytes;

    public string Root { get; }

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public Task<StoredBlob> PutAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(PutHashed(bytes.Span, Hash(bytes.Span)));
    }

    /// <summary>
    /// Stores bytes whose hash the caller already has (ingest hashes each frame once, while checking it). Synchronous on
    /// purpose: a small blob is one write at the end of a pack, cheaper done in place than as queued async I/O.
    /// </summary>
    public StoredBlob PutHashed(ReadOnlySpan<byte> bytes, string sha256)
    {
        if (!IsHash(sha256)) throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));
        var path = BlobPath(sha256);
        if (File.Exists(path))
            return new StoredBlob(sha256, bytes.Length, AlreadyStored: true);
        if (_packSmallBlobs && bytes.Length <= BlobPacks.MaxPackedBytes)
            return new StoredBlob(sha256, bytes.Length, AlreadyStored: !_packs.Append(bytes, sha256));

        var dir = Path.GetDirectoryName(path)!;
        if (_knownDirs.TryAdd(dir, 0)) Directory.CreateDirectory(dir);
        // Write beside, then rename: a crash never leaves a half blob under a valid name.
        var temp = Path.Combine(_staging, $"{sha256}.{Guid.NewGuid():N}.tmp");
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
            RandomAccess.Write(handle, bytes, 0);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(dir); // removed behind this process's back (a restore): made again
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another writer stored the same bytes first
        }
        return new StoredBlob(sha256, bytes.Length, AlreadyStored: false);
    }

    public async Task<StoredBlob> PutStreamAsync(Stream source, long maxBytes, CancellationToken cancellationToken = default)
    {
        var temp = Path.Combine(_staging, $"upload.{Guid.NewGuid():N}.tmp");
        long total = 0;
        string sha;
        try
        {
            using (var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += n;
                    if (total > maxBytes)
                        throw new UploadTooLargeException($"The upload is larger than the {maxBytes:N0}-byte limit.");
                    hasher.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                }
                sha = Convert.ToHexStringLower(hasher.GetHashAndReset());
            }
            var path = BlobPath(sha);
            if (File.Exists(path) || _packs.Locate(sha) is not null)
                return new StoredBlob(sha, total, AlreadyStored: true);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temp, path, overwrite: false);
            return new StoredBlob(sha, total, AlreadyStored: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Stream? OpenRead(string sha256)
    {
        if (!IsHash(sha256)) return null;
        var path = BlobPath(sha256);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : _packs.OpenRead(sha256);
    }

    public bool Exists(string sha256) => Locate(sha256) is not null;

    /// <summary>Where a blob's bytes lie on disk (its own file, or a range of a pack), or null when the store lacks it.</summary>
    public BlobLocation? Locate(string sha256)
    {
        if (!IsHash(sha256)) return null;
        var path = BlobPath(sha256);
        var file = new FileInfo(path);
        return file.Exists ? new BlobLocation(path, 0, file.Length) : _packs.Locate(sha256);
    }

    /// <summary>Closes the pack this store object writes to (the next write starts a new one).</summary>
    public void Dispose() => _packs.Dispose();

    public async Task<byte[]> GetOrAddDerivedAsync(string sha256, string variant, Func<Stream, Task<byte[]>> make, CancellationToken cancellationToken = default)
    {
        if (!IsHash(sha256) || !variant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException("Not a blob hash or variant name.");
        var path = Path.Combine(_derived, sha256[..2], $"{sha256}.{variant}");
        if (File.Exists(path))
            return await File.ReadAllBytesAsync(path, cancellationToken);

        await using var source = OpenRead(sha256) ?? throw new FileNotFoundException($"No blob {sha256} in the file store.");
        var bytes = await make(source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(_staging, $"{sha256}.{variant}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return bytes;
    }

    /// <summary>A private scratch folder inside the store (for unpacking uploads); the caller deletes it.</summary>
    public string NewStagingFolder()
    {
        var dir = Path.Combine(_staging, "work-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static bool IsHash(string? s) =>
        s is { Length: 64 } && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private string BlobPath(string sha) => Path.Combine(_blobs, sha[..2], sha[2..4], sha);
}
