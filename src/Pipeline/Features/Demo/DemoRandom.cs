namespace EndoKED.Pipeline.Features.Demo;

/// <summary>
/// A small seeded generator (SplitMix64) whose sequence is fixed by this code alone, so the demo data stay
/// byte-identical across .NET versions; <see cref="Random"/> promises no such thing.
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>An independent stream for a sub-task: the same parent seed and key always give the same stream.</summary>
    public static DemoRandom For(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        var s = Mix(seed ^ 0x5DEECE66DUL);
        foreach (var k in keys) s = Mix(s ^ Mix(k + 0x9E3779B97F4A7C15UL));
        return new DemoRandom(s);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public float NextFloat(float min, float max) => (float)(min + ((max - min) * NextDouble()));

    /// <summary>Uniform integer in [min, max).</summary>
    public int Next(int min, int max) => min + (int)(NextULong() % (ulong)(max - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var r = NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }

        return weights.Count - 1;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
