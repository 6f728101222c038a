namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// The lit field inside the processor's black frame: a circle cut by the top and bottom of the image,
/// or an octagon. Alpha falls to 0 over about 1.5 pixels so the rim is not jagged.
/// </summary>
internal readonly struct FieldMask
{
    private readonly FieldShape _shape;
    private readonly float _cx, _cy, _radius, _halfWidth, _halfHeight, _corner;

    public FieldMask(FrameScene scene)
    {
        _shape = scene.Field;
        Width = scene.Width;
        Height = scene.Height;
        _cx = (scene.Width - 1) / 2f;
        _cy = (scene.Height - 1) / 2f;
        _radius = Math.Min(scene.Width * 0.5f, scene.Height * 0.56f) - 2f;
        _halfWidth = Math.Min(scene.Width * 0.44f, scene.Height * 0.6f);
        _halfHeight = scene.Height * 0.5f - 3f;
        _corner = (_halfWidth + _halfHeight) * 0.74f;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Signed distance inside the field, in pixels (negative outside).</summary>
    public float Inside(float x, float y)
    {
        var dx = MathF.Abs(x - _cx);
        var dy = MathF.Abs(y - _cy);
        if (_shape == FieldShape.Circle)
            return MathF.Min(_radius - MathF.Sqrt((dx * dx) + (dy * dy)), _halfHeight + 1.5f - dy);
        return MathF.Min(MathF.Min(_halfWidth - dx, _halfHeight - dy), (_corner - dx - dy) * 0.7071f);
    }

    public float Alpha(float x, float y) => Math.Clamp(Inside(x, y) / 1.5f, 0f, 1f);
}
