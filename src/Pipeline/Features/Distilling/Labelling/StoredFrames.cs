using System.Buffers.Binary;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Infrastructure.Files;

namespace EndoKED.Pipeline.Features.Distilling.Labelling;

/// <summary>Frames read back from the file store by their SHA-256, and their dHash (cached as a derived blob).</summary>
public static class StoredFrames
{
    public const string DHashVariant = "dhash64";

    public static async Task<FrameImage> LoadAsync(IFileStore files, string sha256, CancellationToken ct = default)
    {
        var bytes = await files.ReadAllAsync(sha256, ct) ?? throw new FileNotFoundException($"Frame {sha256} is not in the file store.");
        var loaded = new FrameLoader().Load(bytes);
        return loaded.Frame ?? throw new InvalidDataException($"Frame {sha256}: {loaded.Rejection}");
    }

    public static async Task<ulong> DHashAsync(IFileStore files, string sha256, CancellationToken ct = default)
    {
        var bytes = await files.GetOrAddDerivedAsync(sha256, DHashVariant, async source =>
        {
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer, ct);
            var loaded = new FrameLoader().Load(buffer.ToArray());
            using var frame = loaded.Frame ?? throw new InvalidDataException($"Frame {sha256}: {loaded.Rejection}");
            var hash = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(hash, PerceptualHash.DHash(frame));
            return hash;
        }, ct);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
