namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>A linear colour with channels nominally in [0, 1].</summary>
public readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb White => new(1f, 1f, 1f);

    public Rgb Scale(float k) => new(R * k, G * k, B * k);

    public Rgb Scale(float r, float g, float b) => new(R * r, G * g, B * b);

    public Rgb Lerp(Rgb to, float t) => new(R + ((to.R - R) * t), G + ((to.G - G) * t), B + ((to.B - B) * t));

    /// <summary>Darkens red less than green and blue, as shadows in blood-rich tissue stay red rather than going grey.</summary>
    /// <remarks>Quadratic stand-ins for k^0.8 and k^1.2: the per-pixel budget has no room for three <c>Pow</c> calls.</remarks>
    public Rgb Shade(float k)
    {
        var red = k * (1.2f - (0.2f * k));
        var other = k * (0.8f + (0.2f * k));
        return new(R * red, G * other, B * other);
    }
}
