using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>A synthetic frame with its ground truth: a 0/255 mask of every polyp pixel and one box per visible polyp.</summary>
public sealed class RenderedFrame(Image<Rgb24> image, Image<L8> mask, IReadOnlyList<PolypBox> boxes) : IDisposable
{
    public Image<Rgb24> Image { get; } = image;

    public Image<L8> Mask { get; } = mask;

    public IReadOnlyList<PolypBox> Boxes { get; } = boxes;

    public void Dispose()
    {
        Image.Dispose();
        Mask.Dispose();
    }
}
