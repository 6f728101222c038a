namespace EndoKED.Portal.Client.Features.Review.MaskEditing;

/// <summary>The editing tools.</summary>
public enum MaskTool
{
    Brush,
    Eraser,
    Polygon,
    Fill,
    Pan,
}

/// <summary>
/// The mask being edited and its undo history (pure, no UI): row-major bytes, 1 = polyp. Each operation returns the
/// band of rows it changed so the canvas repaints only those.
/// </summary>
public sealed class MaskEditorModel
{
    public const int MaxUndo = 50;

    private readonly Stack<byte[]> _undo = new();
    private readonly Stack<byte[]> _redo = new();
    private byte[] _mask;
    private int? _area;

    public MaskEditorModel(int width, int height, byte[]? initial = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "The frame must have a size.");
        if (initial is not null && initial.Length != width * height) throw new ArgumentException("The initial mask does not match the frame.", nameof(initial));
        Width = width;
        Height = height;
        _mask = initial is null ? new byte[width * height] : [.. initial];
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Mask
    {
        get => _mask;
        private set
        {
            _mask = value;
            _area = null;
        }
    }

    public bool CanUndo => _undo.Count > 0;
    public bool CanRedo => _redo.Count > 0;
    /// <summary>Painted pixels: counted again only after an edit (the editor shows it on every pointer move).</summary>
    public int Area => _area ??= _mask.Count(p => p != 0);

    /// <summary>Call once before each user action (a stroke, a fill, a polygon), so that undo takes it back whole.</summary>
    public void Checkpoint()
    {
        _undo.Push([.. Mask]);
        _redo.Clear();
        if (_undo.Count > MaxUndo)
        {
            var keep = _undo.Take(MaxUndo).Reverse().ToArray();
            _undo.Clear();
            foreach (var s in keep) _undo.Push(s);
        }
    }

    public bool Undo()
    {
        if (_undo.Count == 0) return false;
        _redo.Push(Mask);
        Mask = _undo.Pop();
        return true;
    }

    public bool Redo()
    {
        if (_redo.Count == 0) return false;
        _undo.Push(Mask);
        Mask = _redo.Pop();
        return true;
    }

    /// <summary>Paints (or erases) a round dab of the given radius along the segment from one point to another.</summary>
    public (int Y0, int Y1) Stroke(int x0, int y0, int x1, int y1, int radius, bool erase)
    {
        _area = null;
        var steps = Math.Max(1, Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)));
        for (var s = 0; s <= steps; s++)
        {
            Dab(x0 + ((x1 - x0) * s / steps), y0 + ((y1 - y0) * s / steps), radius, erase ? (byte)0 : (byte)1);
        }

        return Band(Math.Min(y0, y1) - radius, Math.Max(y0, y1) + radius);
    }

    /// <summary>Flood fills the 4-connected region around the seed with the opposite of the seed's value.</summary>
    public (int Y0, int Y1) Fill(int x, int y)
    {
        _area = null;
        if (!Inside(x, y)) return (0, -1);
        var target = Mask[(y * Width) + x];
        var value = (byte)(1 - target);
        var stack = new Stack<(int X, int Y)>();
        stack.Push((x, y));
        int top = y, bottom = y;
        while (stack.Count > 0)
        {
            var (px, py) = stack.Pop();
            if (!Inside(px, py) || Mask[(py * Width) + px] != target) continue;
            Mask[(py * Width) + px] = value;
            top = Math.Min(top, py);
            bottom = Math.Max(bottom, py);
            stack.Push((px + 1, py));
            stack.Push((px - 1, py));
            stack.Push((px, py + 1));
            stack.Push((px, py - 1));
        }

        return (top, bottom);
    }

    /// <summary>Fills the polygon (even-odd rule, pixel centres) with foreground, or background when erasing.</summary>
    public (int Y0, int Y1) Polygon(IReadOnlyList<(int X, int Y)> points, bool erase)
    {
        _area = null;
        if (points.Count < 3) return (0, -1);
        var minY = Math.Max(0, points.Min(p => p.Y));
        var maxY = Math.Min(Height - 1, points.Max(p => p.Y));
        var xs = new List<double>();
        for (var y = minY; y <= maxY; y++)
        {
            xs.Clear();
            var cy = y + 0.5;
            for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
            {
                var (ax, ay) = points[i];
                var (bx, by) = points[j];
                if ((ay <= cy) == (by <= cy)) continue;
                xs.Add(ax + ((cy - ay) * (bx - ax) / (by - ay)));
            }

            xs.Sort();
            for (var k = 0; k + 1 < xs.Count; k += 2)
            {
                var from = Math.Max(0, (int)Math.Ceiling(xs[k] - 0.5));
                var to = Math.Min(Width - 1, (int)Math.Floor(xs[k + 1] - 0.5));
                for (var x = from; x <= to; x++) Mask[(y * Width) + x] = erase ? (byte)0 : (byte)1;
            }
        }

        return (minY, maxY);
    }

    private void Dab(int cx, int cy, int radius, byte value)
    {
        var r2 = radius * radius;
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(Height - 1, cy + radius); y++)
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(Width - 1, cx + radius); x++)
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r2) Mask[(y * Width) + x] = value;
    }

    private bool Inside(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height;

    private (int, int) Band(int y0, int y1) => (Math.Clamp(y0, 0, Height - 1), Math.Clamp(y1, 0, Height - 1));
}
