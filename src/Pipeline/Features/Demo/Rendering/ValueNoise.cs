namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>
/// Hashed lattice value noise: no tables, so every frame gets its own field from a seed at no set-up cost.
/// Values lie in [0, 1).
/// </summary>
internal readonly struct ValueNoise(uint seed)
{
    public float Sample(float x, float y)
    {
        var fx = MathF.Floor(x);
        var fy = MathF.Floor(y);
        var xi = (int)fx;
        var yi = (int)fy;
        var tx = x - fx;
        var ty = y - fy;
        var u = tx * tx * (3f - (2f * tx));
        var v = ty * ty * (3f - (2f * ty));
        var a = Hash(xi, yi);
        var b = Hash(xi + 1, yi);
        var c = Hash(xi, yi + 1);
        var d = Hash(xi + 1, yi + 1);
        var top = a + ((b - a) * u);
        var bottom = c + ((d - c) * u);
        return top + ((bottom - top) * v);
    }

    /// <summary>Sum of octaves, each twice the frequency and half the weight of the one before, rescaled to [0, 1).</summary>
    public float Fractal(float x, float y, int octaves)
    {
        float sum = 0f, weight = 1f, total = 0f;
        for (var o = 0; o < octaves; o++)
        {
            // Shifting each octave hides the shared lattice origin, which would otherwise show as a bright node.
            sum += weight * new ValueNoise(seed + (uint)(o * 7919)).Sample(x + (o * 17.31f), y - (o * 11.77f));
            total += weight;
            weight *= 0.5f;
            x *= 2f;
            y *= 2f;
        }

        return sum / total;
    }

    private float Hash(int x, int y)
    {
        var h = ((uint)x * 0x27D4EB2Du) ^ ((uint)y * 0x165667B1u) ^ (seed * 0x9E3779B9u);
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        h ^= h >> 15;
        return (h & 0xFFFFFF) * (1f / 16777216f);
    }
}
