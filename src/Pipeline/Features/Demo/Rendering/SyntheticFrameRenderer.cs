using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// Draws endoscopy-like frames pixel by pixel (no drawing library): mucosa, folds, lumen, vessels, glints,
/// and the scene's polyps, inside a black border. Deterministic: the scene alone decides every pixel.
/// </summary>
public sealed class SyntheticFrameRenderer
{
    public RenderedFrame Render(FrameScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var mucosa = new MucosaShader(scene);
        var polyps = scene.Polyps.Select(p => new PolypShader(p, scene, mucosa)).ToArray();
        var field = new FieldMask(scene);
        var image = new Image<Rgb24>(scene.Width, scene.Height);
        var mask = new Image<L8>(scene.Width, scene.Height);
        var boxes = polyps.Select(p => new BoxBuilder(p.Id)).ToArray();
        image.ProcessPixelRows(mask, (pixels, maskPixels) =>
        {
            for (var y = 0; y < scene.Height; y++)
            {
                var row = pixels.GetRowSpan(y);
                var maskRow = maskPixels.GetRowSpan(y);
                mucosa.BeginRow(y);
                for (var x = 0; x < scene.Width; x++)
                {
                    var alpha = field.Alpha(x, y);
                    if (alpha <= 0f)
                    {
                        row[x] = default;
                        maskRow[x] = default;
                        continue;
                    }

                    var colour = mucosa.Shade(x);
                    var onPolyp = false;
                    for (var i = 0; i < polyps.Length; i++)
                    {
                        var p = polyps[i];
                        if (x < p.X0 || x > p.X1 || y < p.Y0 || y > p.Y1 || !p.Apply(x, y, ref colour)) continue;
                        onPolyp |= alpha >= 0.5f;
                        if (alpha >= 0.5f) boxes[i].Add(x, y);
                    }

                    colour = colour.Scale(alpha);
                    row[x] = new Rgb24(RenderMath.ToByte(colour.R), RenderMath.ToByte(colour.G), RenderMath.ToByte(colour.B));
                    maskRow[x] = new L8(onPolyp ? byte.MaxValue : byte.MinValue);
                }
            }
        });

        return new RenderedFrame(image, mask, boxes.Where(b => b.HasPixels).Select(b => b.ToBox()).ToArray());
    }

    private sealed class BoxBuilder(int id)
    {
        private int _x0 = int.MaxValue, _y0 = int.MaxValue, _x1 = int.MinValue, _y1 = int.MinValue;

        public bool HasPixels => _x1 >= _x0;

        public void Add(int x, int y)
        {
            _x0 = Math.Min(_x0, x);
            _y0 = Math.Min(_y0, y);
            _x1 = Math.Max(_x1, x);
            _y1 = Math.Max(_y1, y);
        }

        public PolypBox ToBox() => new(id, _x0, _y0, _x1 + 1, _y1 + 1);
    }
}
