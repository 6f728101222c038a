namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>Disjoint sets over 0..n−1 with path halving; the smaller index becomes the root, so roots are canonical.</summary>
public sealed class UnionFind(int count)
{
    private readonly int[] _parent = [.. Enumerable.Range(0, count)];

    public int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }
        return i;
    }

    public void Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra == rb) return;
        if (ra < rb) _parent[rb] = ra;
        else _parent[ra] = rb;
    }
}
