namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>The shape of the lit field that the video processor leaves inside its black frame.</summary>
public enum FieldShape
{
    Circle,
    Octagon,
}

/// <summary>What one synthetic frame shows; the renderer draws exactly this, so equal scenes give equal pixels.</summary>
/// <param name="Seed">Drives the mucosa texture, vessels and highlights.</param>
/// <param name="Mucosa">The base colour of the mucosa (this processor's white balance).</param>
/// <param name="Lumen">Centre and radius of the dark lumen, in pixels.</param>
/// <param name="FoldFrequency">Haustral folds per doubling of the distance from the lumen.</param>
/// <param name="Brightness">Overall gain of the light source.</param>
public sealed record FrameScene(
    int Width,
    int Height,
    ulong Seed,
    FieldShape Field,
    Rgb Mucosa,
    LumenView Lumen,
    float FoldFrequency,
    float Brightness,
    IReadOnlyList<PolypView> Polyps);

public sealed record LumenView(float X, float Y, float Radius);

/// <summary>One polyp as seen in one frame: where and how large, with the appearance it keeps across frames.</summary>
/// <param name="Id">The polyp's number within its examination (1-based); frames showing the same polyp share it.</param>
public sealed record PolypView(int Id, PolypAppearance Appearance, float X, float Y, float RadiusPx, float Rotation);

/// <summary>The look of one polyp, fixed for the lesion whatever the view.</summary>
/// <param name="Seed">Drives the outline's irregularity and the surface pattern.</param>
/// <param name="Aspect">Minor over major axis of the base ellipse (0.55 to 1).</param>
/// <param name="Irregularity">Amplitude of the outline's lobes relative to the radius (0 to about 0.15).</param>
/// <param name="Height">How domed the lesion is: 1 for a sessile dome, lower for a flat lesion.</param>
/// <param name="Tint">Multiplies the mucosa colour: a redder adenoma or a paler hyperplastic polyp.</param>
/// <param name="PitScale">Size of the surface pit pattern, in pixels.</param>
public sealed record PolypAppearance(ulong Seed, float Aspect, float Irregularity, float Height, Rgb Tint, float PitScale);

/// <summary>Pixel box of one rendered polyp, inclusive-exclusive: [X0, X1) x [Y0, Y1).</summary>
public sealed record PolypBox(int PolypId, int X0, int Y0, int X1, int Y1);
