using static EndoKED.Pipeline.Features.Demo.Rendering.RenderMath;

namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// One raised lesion: a lobed ellipse shaded as a dome under the scope's light, with its own surface pattern
/// and glints, and a shadow on the mucosa along the side away from the light so it reads as raised.
/// </summary>
internal sealed class PolypShader
{
    private const int Lobes = 4;
    private const float ShadowReach = 1.35f;
    private static readonly (float X, float Y, float Z) Light = Normalise(-0.3f, -0.42f, 1f);
    private static readonly (float X, float Y, float Z) Half = Normalise(Light.X, Light.Y, Light.Z + 1f);

    private readonly PolypView _view;
    private readonly float _cos, _sin, _lit;
    private readonly float[] _lobeSin = new float[Lobes], _lobeCos = new float[Lobes];
    private readonly ValueNoise _pits, _lobules;
    private readonly Rgb _colour;

    public PolypShader(PolypView view, FrameScene scene, MucosaShader mucosa)
    {
        _view = view;
        _cos = MathF.Cos(view.Rotation);
        _sin = MathF.Sin(view.Rotation);
        var random = new DemoRandom(view.Appearance.Seed);
        for (var k = 0; k < Lobes; k++)
        {
            // Higher harmonics get less weight, so the outline wobbles rather than frays.
            var amplitude = view.Appearance.Irregularity * random.NextFloat(0.4f, 1f) / (k + 1);
            var phase = random.NextFloat(0f, MathF.Tau);
            _lobeSin[k] = amplitude * MathF.Cos(phase);
            _lobeCos[k] = amplitude * MathF.Sin(phase);
        }

        _pits = new ValueNoise((uint)random.NextULong());
        _lobules = new ValueNoise((uint)random.NextULong());
        // A raised lesion is nearer the light than the wall around it.
        _lit = MathF.Min(1f, (mucosa.Illumination(view.X, view.Y) * 1.12f) + 0.08f) * scene.Brightness;
        _colour = scene.Mucosa.Scale(view.Appearance.Tint.R, view.Appearance.Tint.G, view.Appearance.Tint.B);
        var reach = view.RadiusPx * (1f + view.Appearance.Irregularity) * ShadowReach;
        X0 = (int)MathF.Floor(view.X - reach);
        X1 = (int)MathF.Ceiling(view.X + reach);
        Y0 = (int)MathF.Floor(view.Y - reach);
        Y1 = (int)MathF.Ceiling(view.Y + reach);
    }

    public int Id => _view.Id;

    public int X0 { get; }

    public int X1 { get; }

    public int Y0 { get; }

    public int Y1 { get; }

    /// <summary>Paints the lesion (or its shadow) over <paramref name="colour"/>; true when the pixel is on the lesion.</summary>
    public bool Apply(float x, float y, ref Rgb colour)
    {
        var dx = x - _view.X;
        var dy = y - _view.Y;
        var along = (dx * _cos) + (dy * _sin);
        var across = ((dy * _cos) - (dx * _sin)) / _view.Appearance.Aspect;
        var r = MathF.Sqrt((along * along) + (across * across));
        var boundary = _view.RadiusPx * Outline(r > 1e-4f ? along / r : 1f, r > 1e-4f ? across / r : 0f);
        var d = r / boundary;
        if (d >= ShadowReach) return false;
        if (d >= 1f)
        {
            var side = r > 1e-4f ? -((dx * Light.X) + (dy * Light.Y)) / MathF.Sqrt((dx * dx) + (dy * dy)) : 0f;
            var shadow = (0.18f + (0.4f * MathF.Max(side, 0f))) * (1f - SmoothStep(1f, ShadowReach, d));
            colour = colour.Shade(1f - shadow);
            return false;
        }

        colour = colour.Lerp(Surface(x, y, dx / boundary, dy / boundary, d), 1f - SmoothStep(0.95f, 1.02f, d));
        return true;
    }

    private Rgb Surface(float x, float y, float nx, float ny, float d)
    {
        var h = _view.Appearance.Height;
        var z = MathF.Sqrt(MathF.Max(1f - (d * d), 0f));
        var norm = MathF.Sqrt((h * h * d * d) + (z * z)) + 1e-6f;
        var (sx, sy, sz) = (h * nx / norm, h * ny / norm, z / norm);
        var diffuse = MathF.Max((sx * Light.X) + (sy * Light.Y) + (sz * Light.Z), 0f);
        var facing = MathF.Max((sx * Half.X) + (sy * Half.Y) + (sz * Half.Z), 0f);
        var spec = MathF.Pow(facing, 60f);
        var pitNoise = _pits.Sample(x / _view.Appearance.PitScale, y / _view.Appearance.PitScale);
        var lobule = _lobules.Sample(x / (_view.RadiusPx * 0.35f), y / (_view.RadiusPx * 0.35f));
        var texture = (0.86f + (0.26f * pitNoise)) * (0.9f + (0.2f * lobule));
        var colour = _colour.Shade(_lit * (0.35f + (0.8f * diffuse)) * texture);
        var glint = Math.Clamp((spec * 1.6f) + (SmoothStep(0.93f, 0.99f, pitNoise) * diffuse * 0.4f), 0f, 1f);
        return colour.Lerp(Rgb.White, glint);
    }

    // 1 + sum of a_k sin((k+2) theta + phi_k), with the harmonics built by complex multiplication instead of atan2 and sin.
    private float Outline(float cosT, float sinT)
    {
        var c2 = (cosT * cosT) - (sinT * sinT);
        var s2 = 2f * cosT * sinT;
        var (ck, sk) = (c2, s2);
        var radius = 1f;
        for (var k = 0; k < Lobes; k++)
        {
            radius += (_lobeSin[k] * sk) + (_lobeCos[k] * ck);
            (ck, sk) = ((ck * cosT) - (sk * sinT), (sk * cosT) + (ck * sinT));
        }

        return radius;
    }

    private static (float X, float Y, float Z) Normalise(float x, float y, float z)
    {
        var n = MathF.Sqrt((x * x) + (y * y) + (z * z));
        return (x / n, y / n, z / n);
    }
}
