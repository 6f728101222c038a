using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// A box prompt in pixel coordinates of the frame: <c>[X0, Y0]</c> is the top-left corner and <c>[X1, Y1]</c> the
/// bottom-right edge, exclusive, so a mask whose pixels span columns 10..19 has X0 = 10 and X1 = 20.
/// </summary>
public sealed record Box(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;

    public double Height => Y1 - Y0;

    /// <summary>The tightest box around a mask's foreground, or null for an empty mask.</summary>
    public static Box? Around(BinaryMask mask) =>
        mask.Bounds() is { } b ? new Box(b.X0, b.Y0, b.X1, b.Y1) : null;

    /// <summary>Parses <c>[x0, y0, x1, y1]</c>; corners given in the wrong order are swapped.</summary>
    public static Box FromCorners(IReadOnlyList<double> xyxy)
    {
        if (xyxy.Count != 4)
            throw new FormatException($"A box is [x0, y0, x1, y1]; got {xyxy.Count} numbers.");
        if (xyxy.Any(v => !double.IsFinite(v)))
            throw new FormatException("A box coordinate is not a finite number.");
        return new Box(Math.Min(xyxy[0], xyxy[2]), Math.Min(xyxy[1], xyxy[3]), Math.Max(xyxy[0], xyxy[2]), Math.Max(xyxy[1], xyxy[3]));
    }

    /// <summary>Grows the box by <paramref name="fraction"/> of its width and height on every side (negative shrinks).</summary>
    public Box Expand(double fraction) =>
        new(X0 - (fraction * Width), Y0 - (fraction * Height), X1 + (fraction * Width), Y1 + (fraction * Height));

    /// <summary>
    /// The whole pixels of the box that lie inside a <paramref name="frameWidth"/> × <paramref name="frameHeight"/> frame,
    /// or null when the box and the frame do not overlap by at least one pixel.
    /// </summary>
    public PixelRect? ClipTo(int frameWidth, int frameHeight)
    {
        var x0 = (int)Math.Max(0, Math.Floor(X0));
        var y0 = (int)Math.Max(0, Math.Floor(Y0));
        var x1 = (int)Math.Min(frameWidth, Math.Ceiling(X1));
        var y1 = (int)Math.Min(frameHeight, Math.Ceiling(Y1));
        return x1 > x0 && y1 > y0 ? new PixelRect(x0, y0, x1 - x0, y1 - y0) : null;
    }
}

/// <summary>A box snapped to whole pixels inside a frame.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public int Area => Width * Height;
}
