using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

namespace EndoKED.Portal.Features.Distilling.DraftingSplits;

/// <summary>One row of a split's counts: the frames of one centre and label in each part.</summary>
public sealed record SplitCountRow(string Centre, string Label, int Train, int Validation, int Test)
{
    public int Total => Train + Validation + Test;
}

/// <summary>A split's manifest counted per centre × label × part (centres in ordinal order, polyp before clear).</summary>
public static class SplitCounts
{
    public static IReadOnlyList<SplitCountRow> Of(IEnumerable<SplitAssignment> members) =>
    [
        .. members.GroupBy(m => (m.CentreId, Label: m.Polyp ? "polyp" : "clear"))
            .OrderBy(g => g.Key.CentreId, StringComparer.Ordinal).ThenByDescending(g => g.Key.Label, StringComparer.Ordinal)
            .Select(g => new SplitCountRow(g.Key.CentreId, g.Key.Label, g.Count(m => m.Part == SplitPart.Train),
                g.Count(m => m.Part == SplitPart.Validation), g.Count(m => m.Part == SplitPart.Test))),
    ];
}
