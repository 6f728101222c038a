using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.TestSupport;

/// <summary>Masks that need no model, the floor a localiser must beat.</summary>
public static class FixedGuesses
{
    /// <summary>An ellipse centred in the frame, half its width and height across.</summary>
    public static BinaryMask CentredEllipse(int width, int height)
    {
        var (cx, cy, rx, ry) = (width / 2.0, height / 2.0, width / 4.0, height / 4.0);
        return BinaryMask.FromPredicate(width, height,
            (x, y) => Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2) <= 1);
    }
}
