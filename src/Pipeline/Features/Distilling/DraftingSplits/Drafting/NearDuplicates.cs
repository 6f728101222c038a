using System.Numerics;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// Every pair of 64-bit hashes within a Hamming distance, without comparing all pairs: cut the hash into d + 1 bit
/// blocks; two hashes differing in at most d bits agree exactly on at least one block (pigeonhole), so only frames
/// sharing a block value are compared. Exact, and near-linear for the small distances used on dHashes.
/// </summary>
public static class NearDuplicates
{
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Pairs (i, j), i &lt; j, of indices into <paramref name="hashes"/>, in ascending order.</summary>
    public static IReadOnlyList<(int A, int B)> Pairs(IReadOnlyList<ulong> hashes, int maxDistance)
    {
        var found = new HashSet<(int, int)>();
        var blocks = Math.Min(maxDistance + 1, 64);
        for (var b = 0; b < blocks; b++)
        {
            var start = b * 64 / blocks;
            var width = ((b + 1) * 64 / blocks) - start;
            var mask = width == 64 ? ulong.MaxValue : ((1UL << width) - 1) << start;
            var buckets = new Dictionary<ulong, List<int>>();
            for (var i = 0; i < hashes.Count; i++)
            {
                var key = hashes[i] & mask;
                if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
                list.Add(i);
            }
            foreach (var members in buckets.Values)
                for (var x = 0; x < members.Count; x++)
                    for (var y = x + 1; y < members.Count; y++)
                        if (Distance(hashes[members[x]], hashes[members[y]]) <= maxDistance)
                            found.Add((members[x], members[y]));
        }
        return [.. found.OrderBy(p => p.Item1).ThenBy(p => p.Item2)];
    }
}
