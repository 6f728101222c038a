using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Infrastructure.Files;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>ResNet-18 pooled features of stored frames (by SHA-256), a batch at a time so few frames are decoded at once.</summary>
public static class BiopsyFrameFeatures
{
    public static async Task<IReadOnlyDictionary<string, float[]>> ExtractAsync(ResNet18Features features, IFileStore files,
        IReadOnlyCollection<string> sha256s, CancellationToken ct = default)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var batch in sha256s.Distinct(StringComparer.Ordinal).Chunk(features.BatchSize))
        {
            var prepared = new List<PreparedFrame>(batch.Length);
            foreach (var sha in batch)
            {
                ct.ThrowIfCancellationRequested();
                await using var stream = files.OpenRead(sha) ?? throw new FileNotFoundException($"Frame {sha} is not in the file store.");
                // Ingest bounded and fully decoded this frame already; a failure now means the store was damaged.
                using var image = await Image.LoadAsync<Rgb24>(stream, ct);
                prepared.Add(features.Preparer.Prepare(image, sha));
            }
            foreach (var f in features.Extract(prepared)) result[f.Source] = f.Pooled;
        }
        return result;
    }
}
