using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>The polyp count the rules settle on, the drafts that stand for the lesions, and the rule that decided it.</summary>
internal sealed record CountDecision(int? Count, IReadOnlyList<Draft> Items, EvidenceSpan? TotalSpan, string? Reason);

/// <summary>
/// Reconciles itemised findings with a total. The items are the lesions; a total ("four polyps in total") confirms
/// their number or corrects it (an unfixed "several", an item the rules missed), and never adds to it. A negation
/// whose scope is unclear leaves the count undecided unless a total settles it.
/// </summary>
internal static class CountRule
{
    public static CountDecision Decide(string text, IReadOnlyList<Draft> used, IReadOnlyList<Total> totals, IReadOnlyList<EvidenceSpan> unclear)
    {
        var items = used.Where(d => !d.IsTotal).ToList();
        var onlyTotals = items.Count == 0;
        if (onlyTotals) items = [.. used];
        int? itemised = items.Count == 0 || items.Any(d => d.Count is null) ? null : items.Sum(d => d.Count!.Value);
        var section = items.Count > 0 ? items[0].Section : Section.Findings;
        var total = totals.LastOrDefault(t => t.Section == section) ?? totals.LastOrDefault();
        if (total is null || (onlyTotals && itemised == total.Value))
        {
            return unclear.Count > 0 && itemised is not null
                ? new(null, items, null, $"negation scope unclear: \"{Quote(text, unclear[0])}\" may or may not cover a polyp")
                : new(itemised, items, null, null);
        }
        var span = new EvidenceSpan(SpanSource.Report, total.Start, total.End);
        var words = Quote(text, span);
        var reason = itemised == total.Value
            ? $"the total \"{words}\" confirms the {itemised} itemised"
            : $"the total \"{words}\" corrects the itemised count ({itemised?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not fixed"}) to {total.Value}";
        return new(total.Value, items, span, reason);
    }

    public static string Quote(string text, EvidenceSpan span)
    {
        var words = span.TextIn(text, null).ReplaceLineEndings(" ");
        return words.Length <= 80 ? words : words[..77] + "...";
    }
}
