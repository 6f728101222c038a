using EndoKED.Shared.Events;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review.Voting;

/// <summary>Standing votes that say the same thing.</summary>
public sealed record VoteGroup(ReviewVerdict Verdict, IReadOnlyList<ReviewVote> Votes, string? ValueJson, MaskRle? Mask)
{
    public DateTimeOffset FirstAt => Votes[0].At;
}

/// <summary>
/// When two votes agree (pure). Examinations: two rejects, or the same value (an accept stands for the proposal it
/// accepted, so accepting "present" agrees with correcting to "present"). Images: two rejects, two accepts, or two
/// corrected masks whose IoU reaches the threshold; a group of masks is seeded by its earliest mask, and its final mask
/// is the medoid (the one closest, by mean IoU, to the others), always a mask somebody drew.
/// </summary>
public static class VoteGroups
{
    public static IReadOnlyList<VoteGroup> Of(ReviewState state, IReadOnlyList<ReviewVote> votes, double maskIoU)
    {
        var groups = new List<List<ReviewVote>>();
        var decoded = new Dictionary<Guid, BinaryMask>();
        foreach (var v in votes)
        {
            var home = groups.FirstOrDefault(g => Agree(state.Kind, g[0], v, maskIoU, decoded));
            if (home is null) groups.Add([v]);
            else home.Add(v);
        }

        return [.. groups
            .Select(g => ToGroup(state, g, decoded))
            .OrderByDescending(g => g.Votes.Count)
            .ThenBy(g => g.FirstAt)];
    }

    /// <summary>Whether two votes agree.</summary>
    public static bool Agree(ReviewItemKind kind, ReviewVote a, ReviewVote b, double maskIoU, Dictionary<Guid, BinaryMask>? cache = null)
    {
        if (a.Verdict == ReviewVerdict.Reject || b.Verdict == ReviewVerdict.Reject) return a.Verdict == b.Verdict;
        if (kind == ReviewItemKind.Examination) return a.ValueJson == b.ValueJson;
        // An accept stands for the mask it accepted: accepting a reader's correction agrees with that correction.
        if (a.Verdict == ReviewVerdict.Accept && b.Verdict == ReviewVerdict.Accept) return true;
        if (a.Verdict == ReviewVerdict.Accept || b.Verdict == ReviewVerdict.Accept) return a.Mask is not null && a.Mask == b.Mask;
        cache ??= [];
        return IoU(MaskOf(a, cache), MaskOf(b, cache)) >= maskIoU;
    }

    /// <summary>Intersection over union; two empty masks are identical (1).</summary>
    public static double IoU(BinaryMask a, BinaryMask b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return 0;
        long inter = 0, union = 0;
        var pa = a.Pixels;
        var pb = b.Pixels;
        for (var i = 0; i < pa.Length; i++)
        {
            inter += pa[i] & pb[i];
            union += pa[i] | pb[i];
        }

        return union == 0 ? 1 : (double)inter / union;
    }

    private static BinaryMask MaskOf(ReviewVote v, Dictionary<Guid, BinaryMask> cache)
    {
        if (!cache.TryGetValue(v.VoteId, out var mask)) cache[v.VoteId] = mask = v.Mask!.Decode();
        return mask;
    }

    private static VoteGroup ToGroup(ReviewState state, List<ReviewVote> votes, Dictionary<Guid, BinaryMask> decoded)
    {
        var first = votes[0];
        if (first.Verdict == ReviewVerdict.Reject) return new VoteGroup(ReviewVerdict.Reject, votes, null, null);
        if (state.Kind == ReviewItemKind.Examination)
        {
            var verdict = first.ValueJson == state.ProposedValueJson ? ReviewVerdict.Accept : ReviewVerdict.Correct;
            return new VoteGroup(verdict, votes, first.ValueJson, null);
        }

        if (votes.All(v => v.Verdict == ReviewVerdict.Accept))
            return new VoteGroup(ReviewVerdict.Accept, votes, null, state.ProposedMask ?? votes.Select(v => v.Mask).FirstOrDefault(m => m is not null));
        if (first.Verdict == ReviewVerdict.Accept) // accepts of a correction, then the correction itself: the correction stands
            return new VoteGroup(ReviewVerdict.Correct, votes, null, votes.First(v => v.Verdict == ReviewVerdict.Correct).Mask);
        var medoid = votes.MaxBy(v => votes.Where(o => o != v).Select(o => IoU(MaskOf(v, decoded), MaskOf(o, decoded))).DefaultIfEmpty(1).Average())!;
        return new VoteGroup(ReviewVerdict.Correct, votes, null, medoid.Mask);
    }
}
