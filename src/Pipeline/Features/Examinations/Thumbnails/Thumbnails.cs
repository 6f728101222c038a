using EndoKED.Pipeline.Infrastructure.Files;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EndoKED.Pipeline.Features.Examinations.Thumbnails;

/// <summary>Small JPEG previews of frames, made once and cached beside the blob in the file store.</summary>
public sealed class Thumbnails(IFileStore files)
{
    public const int Size = 256;

    public Task<byte[]> GetAsync(string sha256, CancellationToken ct = default) =>
        files.GetOrAddDerivedAsync(sha256, $"thumb{Size}", async source =>
        {
            using var image = await Image.LoadAsync<Rgb24>(source, ct);
            image.Mutate(x => x.Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(Size, Size) }));
            using var output = new MemoryStream();
            await image.SaveAsJpegAsync(output, new JpegEncoder { Quality = 82 }, ct);
            return output.ToArray();
        }, ct);
}
