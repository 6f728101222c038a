using static EndoKED.Pipeline.Features.Demo.Rendering.RenderMath;

namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// The slowly varying parts of the mucosa (depth light, fold phase, texture, vessel fields) sampled every
/// <see cref="Stride"/> pixels: bilinear interpolation of these is indistinguishable from per-pixel evaluation
/// and several times cheaper, which keeps a frame at a few milliseconds.
/// </summary>
internal sealed class SlowField
{
    public const int Stride = 4;
    public const int Phase = 0, FoldStrength = 1, OutsideLumen = 2, Light = 3, Texture = 4, Hue = 5, Vessel = 6, Branch = 7, VesselVisible = 8;
    public const int Channels = 9;

    private readonly FrameScene _scene;
    private readonly float _scale;
    private readonly int _columns, _rows;
    private readonly float[] _grid;
    private readonly ValueNoise _warp, _folds, _texture, _hue, _vessels, _branches, _patches;
    private readonly float _foldOffset;

    public SlowField(FrameScene scene, uint seed)
    {
        _scene = scene;
        _scale = scene.Height / 288f;
        (_warp, _folds, _texture, _hue) = (new(seed + 1), new(seed + 2), new(seed + 3), new(seed + 4));
        (_vessels, _branches, _patches) = (new(seed + 5), new(seed + 6), new(seed + 7));
        _foldOffset = (seed & 0xFFFF) / 65536f;
        _columns = (scene.Width / Stride) + 2;
        _rows = (scene.Height / Stride) + 2;
        _grid = new float[_columns * _rows * Channels];
        for (var gy = 0; gy < _rows; gy++)
            for (var gx = 0; gx < _columns; gx++)
                Evaluate(gx * Stride, gy * Stride, _grid.AsSpan(((gy * _columns) + gx) * Channels, Channels));
    }

    public int RowLength => _columns * Channels;

    /// <summary>Fills <paramref name="row"/> with the grid interpolated vertically to image row <paramref name="y"/>.</summary>
    public void InterpolateRow(int y, float[] row)
    {
        var gy = y / Stride;
        var f = (y % Stride) * (1f / Stride);
        var top = gy * RowLength;
        var bottom = top + RowLength;
        for (var i = 0; i < RowLength; i++)
            row[i] = _grid[top + i] + ((_grid[bottom + i] - _grid[top + i]) * f);
    }

    // Near wall bright, far (towards the lumen) dark: the scope's own light falls off with depth.
    public float LightAt(float x, float y)
    {
        var r = _scene.Lumen.Radius;
        return 0.06f + (0.94f * MathF.Sqrt(SmoothStep(r * 0.35f, r * 6.5f, WarpedDistance(x, y))));
    }

    private void Evaluate(float x, float y, Span<float> values)
    {
        var (u, v) = (x / _scale, y / _scale);
        var radius = _scene.Lumen.Radius;
        var dist = WarpedDistance(x, y);
        values[OutsideLumen] = SmoothStep(radius * 0.45f, radius * 1.7f, dist);
        // Perspective makes fold spacing grow with distance from the lumen, hence the logarithm.
        values[Phase] = (MathF.Log(MathF.Max(dist, 1f) / radius) * _scene.FoldFrequency) + _foldOffset
                        + (0.45f * _warp.Sample((u / 48f) + 40f, v / 48f));
        values[FoldStrength] = SmoothStep(0.28f, 0.62f, _folds.Sample(u / 70f, v / 70f)) * SmoothStep(radius * 0.9f, radius * 2f, dist);
        values[Light] = LightAt(x, y);
        values[Texture] = 0.8f + (0.32f * _texture.Fractal(u / 40f, v / 40f, 4));
        values[Hue] = 0.93f + (0.14f * _hue.Sample(u / 80f, v / 80f));
        values[Vessel] = _vessels.Fractal(u / 60f, v / 60f, 2);
        values[Branch] = _branches.Fractal(u / 26f, v / 26f, 2);
        values[VesselVisible] = SmoothStep(0.35f, 0.7f, _patches.Sample(u / 50f, v / 50f)) * values[OutsideLumen];
    }

    private float WarpedDistance(float x, float y)
    {
        var dx = x - _scene.Lumen.X;
        var dy = (y - _scene.Lumen.Y) * 1.1f;
        return MathF.Sqrt((dx * dx) + (dy * dy)) * (0.8f + (0.4f * _warp.Sample(x / _scale / 55f, y / _scale / 55f)));
    }
}
