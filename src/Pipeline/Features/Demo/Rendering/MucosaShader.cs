using static EndoKED.Pipeline.Features.Demo.Rendering.RenderMath;

namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// The background of a frame: mucosa lit by a light at the scope tip, so brightness rises with nearness
/// (away from the lumen), haustral folds as rings around the lumen, a vessel network, and wet glints.
/// Everything that varies slowly is evaluated on a coarse grid (<see cref="SlowField"/>) and interpolated;
/// only the fine grain and the glints are computed per pixel.
/// Not thread-safe: one instance shades one frame, row by row.
/// </summary>
internal sealed class MucosaShader
{
    private readonly FrameScene _scene;
    private readonly SlowField _slow;
    private readonly float[] _row;
    private readonly float _scale;
    private readonly ValueNoise _fine, _glints;
    private readonly Rgb _vesselTint = new(0.66f, 0.46f, 0.6f);
    private float _v;

    public MucosaShader(FrameScene scene)
    {
        _scene = scene;
        _scale = scene.Height / 288f;
        var s = (uint)(scene.Seed ^ (scene.Seed >> 32));
        _slow = new SlowField(scene, s);
        _row = new float[_slow.RowLength];
        _fine = new ValueNoise(s + 11);
        _glints = new ValueNoise(s + 12);
    }

    /// <summary>Illumination from depth alone (no folds or texture): what a polyp at this place receives.</summary>
    public float Illumination(float x, float y) => _slow.LightAt(x, y);

    public void BeginRow(int y)
    {
        _slow.InterpolateRow(y, _row);
        _v = y / _scale;
    }

    public Rgb Shade(int x)
    {
        var i = (x / SlowField.Stride) * SlowField.Channels;
        var f = (x % SlowField.Stride) * (1f / SlowField.Stride);
        float At(int c) => _row[i + c] + ((_row[i + c + SlowField.Channels] - _row[i + c]) * f);

        var phase = At(SlowField.Phase);
        var foldStrength = At(SlowField.FoldStrength);
        var outsideLumen = At(SlowField.OutsideLumen);

        // One fold per phase period: the wall darkens into the shadow behind a crest, then the crest's face is lit.
        var t = phase - MathF.Floor(phase);
        var shadow = SmoothStep(0.45f, 0.985f, t);
        var lit = 1f - SmoothStep(0f, 0.3f, t);
        var edge = SmoothStep(0.985f, 1f, t);
        var fold = 1f - (foldStrength * ((0.55f * shadow * shadow * (1f - edge)) - (0.14f * MathF.Max(lit, edge))));

        var u = x / _scale;
        var grain = _fine.Sample(u / 2.2f, _v / 2.2f) - 0.5f;
        var texture = At(SlowField.Texture) + (0.09f * grain);
        var colour = _scene.Mucosa.Scale(1f, At(SlowField.Hue), 1f).Shade(texture * fold * At(SlowField.Light) * _scene.Brightness);

        // Vessels: iso-lines of smooth noise read as thin, winding, branching capillaries.
        var vesselLine = 1f - SmoothStep(0.004f, 0.018f, MathF.Abs(At(SlowField.Vessel) - 0.5f));
        var branchLine = 1f - SmoothStep(0.003f, 0.012f, MathF.Abs(At(SlowField.Branch) - 0.5f));
        var vessel = MathF.Max(vesselLine * 0.55f, branchLine * 0.35f) * At(SlowField.VesselVisible);
        colour = colour.Scale(1f - (vessel * (1f - _vesselTint.R)), 1f - (vessel * (1f - _vesselTint.G)), 1f - (vessel * (1f - _vesselTint.B)));

        // Glints: along lit fold crests, plus a few isolated wet spots.
        var glintNoise = _glints.Sample(u / 4f, _v / 4f);
        var crest = foldStrength * (1f - SmoothStep(0.02f, 0.09f, t)) * SmoothStep(0.6f, 0.8f, glintNoise);
        var spot = SmoothStep(0.975f, 0.995f, glintNoise) * outsideLumen;
        return colour.Lerp(Rgb.White, MathF.Min(1f, MathF.Max(crest, spot) * 1.2f));
    }
}
