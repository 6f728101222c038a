using EndoKED.Pipeline.Models.ResNet18;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Frame = EndoKED.Pipeline.Tests.Features.FrameLabels.PolypFeaturesFixture.Frame;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

/// <summary>Cuts, from frames with expert masks, one crop around the polyp and one beside it, of the same size.</summary>
internal static class PolypCrops
{
    public sealed record Crop(string Path, bool HasPolyp);

    public static List<Crop> Cut(IReadOnlyList<Frame> frames, string polypsDir, string outDir)
    {
        var crops = new List<Crop>();
        foreach (var f in frames)
        {
            var mask = FrameMetrics.ReadMask(System.IO.Path.Combine(polypsDir, f.Entry.Mask!), out var w, out var h);
            var (cw, ch) = (w / 2, h / 2);
            var (mx, my, count) = (0.0, 0.0, 0);
            for (var i = 0; i < mask.Length; i++)
                if (mask[i]) { mx += i % w; my += i / w; count++; }
            if (count == 0)
                continue;
            var around = Place((int)(mx / count) - cw / 2, (int)(my / count) - ch / 2, cw, ch, w, h);
            // The polyp-free crop: the quarter-frame window with no mask pixel, if any.
            var beside = new[] { (0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch) }
                .Select(c => new Rectangle(c.Item1, c.Item2, cw, ch))
                .FirstOrDefault(r => !Any(mask, w, r));
            var name = System.IO.Path.GetFileNameWithoutExtension(f.Entry.Image);
            using var image = Image.Load<Rgb24>(f.ImagePath);
            crops.Add(Save(image, around, System.IO.Path.Combine(outDir, $"{name}-polyp.png"), true));
            if (beside.Width > 0)
                crops.Add(Save(image, beside, System.IO.Path.Combine(outDir, $"{name}-free.png"), false));
        }
        return crops;
    }

    private static Rectangle Place(int x, int y, int cw, int ch, int w, int h) =>
        new(Math.Clamp(x, 0, w - cw), Math.Clamp(y, 0, h - ch), cw, ch);

    private static bool Any(bool[] mask, int w, Rectangle r)
    {
        for (var y = r.Top; y < r.Bottom; y++)
            for (var x = r.Left; x < r.Right; x++)
                if (mask[y * w + x])
                    return true;
        return false;
    }

    private static Crop Save(Image<Rgb24> image, Rectangle r, string path, bool polyp)
    {
        using var crop = image.Clone(c => c.Crop(r));
        crop.SaveAsPng(path);
        return new Crop(path, polyp);
    }
}
