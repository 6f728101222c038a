namespace EndoKED.Pipeline.Features.Demo.Rendering;

internal static class RenderMath
{
    public static float SmoothStep(float edge0, float edge1, float x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3f - (2f * t));
    }

    public static byte ToByte(float v) => (byte)Math.Clamp((int)((v * 255f) + 0.5f), 0, 255);
}
