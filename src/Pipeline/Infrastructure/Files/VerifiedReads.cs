namespace EndoKED.Pipeline.Infrastructure.Files;

/// <summary>Reading a whole blob that something in the ledger names by its hash (a model, a manifest), checked against it.</summary>
public static class VerifiedReads
{
    /// <param name="what">What the blob is, for the messages ("the promoted student's ONNX").</param>
    /// <exception cref="FileNotFoundException">The store lacks the blob.</exception>
    /// <exception cref="InvalidDataException">Its bytes do not match the hash.</exception>
    public static async Task<byte[]> ReadVerifiedAsync(this IFileStore files, string sha256, string what, CancellationToken ct = default)
    {
        var bytes = await files.ReadAllAsync(sha256, ct) ?? throw new FileNotFoundException($"{what} ({sha256}) is not in the file store.");
        if (LocalFileStore.Hash(bytes) != sha256) throw new InvalidDataException($"{what} does not match its hash {sha256}.");
        return bytes;
    }

    /// <summary>A whole blob's bytes, or null when the store lacks it (not checked against the hash: see <see cref="ReadVerifiedAsync"/>).</summary>
    public static async Task<byte[]?> ReadAllAsync(this IFileStore files, string sha256, CancellationToken ct = default)
    {
        await using var stream = files.OpenRead(sha256);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
