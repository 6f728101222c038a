using System.Text.RegularExpressions;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>
/// Template reports often give a total ("Polyps: 2") and then numbered items ("Polyp 1: ...", "#1 | Location: ...").
/// The items are the total's members, not more polyps: when they add up to it they replace it, otherwise they fold into it.
/// </summary>
internal sealed partial class NumberedItems
{
    private readonly Dictionary<Draft, List<Draft>> _members = [];
    private Draft? _open;

    [GeneratedRegex(@"^\s*[-*•]?\s*(?:#|No\.?\s*|item\s+)\d{1,2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Row();

    /// <summary>A draft whose count was written as a field value ("Polyps: 2") opens a list of items.</summary>
    public void Opened(Draft d, CountWord? count)
    {
        if (count is { Value: > 1 } c && c.Start >= d.TermEnd) (_open, _members[d]) = (d, []);
    }

    public void Closed() => _open = null;

    /// <summary>"Polyp 2:" after an open total is one of its items.</summary>
    public void Item(Draft d)
    {
        if (_open is not null) _members[_open].Add(d);
    }

    /// <summary>A row such as "#1 | Location: transverse colon | Size: 0.7 cm" under an open total, as a draft.</summary>
    public Draft? Row(string text, Sentence s, Section section, int index, List<Attr> attrs)
    {
        if (_open is null || Row().Match(text, s.Start, s.End - s.Start) is not { Success: true } m) return null;
        var d = new Draft(section, m.Index, m.Index + m.Length, index) { Count = 1, CountStated = true };
        d.Evidence.Add(new EvidenceSpan(SpanSource.Report, m.Index, m.Index + m.Length));
        foreach (var a in attrs) d.Take(a, false);
        _members[_open].Add(d);
        return d;
    }

    public void Resolve(List<Draft> drafts)
    {
        foreach (var (group, items) in _members)
        {
            if (items.Count == 0) continue;
            if (items.Count >= group.Count)
            {
                drafts.Remove(group);
                continue;
            }
            foreach (var item in items)
            {
                group.Absorb(item);
                drafts.Remove(item);
            }
        }
    }
}
