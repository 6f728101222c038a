namespace EndoKED.Pipeline.Models.Masks;

/// <summary>
/// A two-valued mask of one frame: <c>Width × Height</c> pixels stored row-major, 1 = foreground (polyp), 0 = background.
/// The pixel buffer is owned by the mask; <see cref="Pixels"/> is a read-only view so a mask can be shared safely.
/// </summary>
public sealed class BinaryMask : IEquatable<BinaryMask>
{
    private readonly byte[] _pixels;

    private BinaryMask(int width, int height, byte[] pixels)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels, each 0 or 1.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>Number of foreground pixels.</summary>
    public int Area => _pixels.Count(p => p != 0);

    public bool IsEmpty => Array.IndexOf(_pixels, (byte)1) < 0;

    public bool this[int x, int y] => _pixels[(y * Width) + x] != 0;

    /// <summary>An all-background mask.</summary>
    public static BinaryMask Empty(int width, int height)
    {
        CheckSize(width, height);
        return new BinaryMask(width, height, new byte[checked(width * height)]);
    }

    /// <summary>Builds a mask from row-major values; any non-zero value is foreground (so 0/255 PNG rows work as they are).</summary>
    public static BinaryMask FromValues(int width, int height, ReadOnlySpan<byte> values)
    {
        CheckSize(width, height);
        if (values.Length != checked(width * height))
            throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {values.Length}.", nameof(values));
        var pixels = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
            pixels[i] = values[i] != 0 ? (byte)1 : (byte)0;
        return new BinaryMask(width, height, pixels);
    }

    /// <summary>Builds a mask by asking a predicate for every pixel (handy for shapes in tests and priors).</summary>
    public static BinaryMask FromPredicate(int width, int height, Func<int, int, bool> isForeground)
    {
        CheckSize(width, height);
        var pixels = new byte[checked(width * height)];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                pixels[(y * width) + x] = isForeground(x, y) ? (byte)1 : (byte)0;
        return new BinaryMask(width, height, pixels);
    }

    /// <summary>Row-major 0/255 values, the form written to mask PNGs.</summary>
    public byte[] ToGreyValues()
    {
        var grey = new byte[_pixels.Length];
        for (var i = 0; i < grey.Length; i++)
            grey[i] = _pixels[i] != 0 ? (byte)255 : (byte)0;
        return grey;
    }

    /// <summary>The tightest box around the foreground as [x0, y0, x1, y1) in pixels, or null for an empty mask.</summary>
    public (int X0, int Y0, int X1, int Y1)? Bounds()
    {
        int x0 = Width, y0 = Height, x1 = -1, y1 = -1;
        for (var y = 0; y < Height; y++)
        {
            var row = Pixels.Slice(y * Width, Width);
            var first = row.IndexOf((byte)1);
            if (first < 0) continue;
            var last = row.LastIndexOf((byte)1);
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last);
            y0 = Math.Min(y0, y);
            y1 = y;
        }

        return x1 < 0 ? null : (x0, y0, x1 + 1, y1 + 1);
    }

    public bool Equals(BinaryMask? other) =>
        other is not null && other.Width == Width && other.Height == Height && other.Pixels.SequenceEqual(Pixels);

    public override bool Equals(object? obj) => Equals(obj as BinaryMask);

    public override int GetHashCode() => HashCode.Combine(Width, Height, Area);

    public override string ToString() => $"BinaryMask {Width}x{Height}, area {Area}";

    private static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"A mask needs a positive size (got {width}x{height}).");
    }
}
