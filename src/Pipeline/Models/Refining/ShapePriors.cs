using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>Mask shapes that need no image: the baseline a refiner must beat, and its fallback when colour cannot help.</summary>
public static class ShapePriors
{
    /// <summary>
    /// The ellipse inscribed in <paramref name="rect"/>, scaled about its centre by <paramref name="scale"/>
    /// (1 = touching the four sides), in a <paramref name="width"/> × <paramref name="height"/> mask.
    /// </summary>
    public static BinaryMask InscribedEllipse(int width, int height, PixelRect rect, double scale = 1.0)
    {
        var cx = rect.X + (rect.Width / 2.0);
        var cy = rect.Y + (rect.Height / 2.0);
        var rx = scale * rect.Width / 2.0;
        var ry = scale * rect.Height / 2.0;
        return BinaryMask.FromPredicate(width, height, (x, y) =>
        {
            // Pixel centres, so a box of n pixels holds an ellipse of n pixels across.
            var dx = (x + 0.5 - cx) / rx;
            var dy = (y + 0.5 - cy) / ry;
            return (dx * dx) + (dy * dy) <= 1.0;
        });
    }
}
