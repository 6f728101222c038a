using System.Text.RegularExpressions;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>Where the attributes of a sentence go: to the lesion word nearest on its own side, or to the lesions before.</summary>
internal static partial class ReportReader
{
    private static List<(Mention Mention, Draft Draft)> Attach(string text, List<Mention> mentions, List<Attr> attrs, bool collective, Section section, int sentence)
    {
        var made = mentions.Select(m =>
        {
            var d = new Draft(section, m.Term.Start, m.Term.End, sentence);
            d.Evidence.Add(new EvidenceSpan(SpanSource.Report, m.Start, m.Term.End));
            if (m.Count is { } c) SetCount(d, c);
            else d.Count = m.Term.Plural ? null : 1;
            return (m, d);
        }).ToList();
        foreach (var a in attrs)
        {
            if (a.Kind == AttrKind.Removed && (collective || made.Count == 1))
            {
                foreach (var (_, d) in made) d.Take(a, false);
                continue;
            }
            var nearest = made.MinBy(x => Distance(text, a, x.m.Start, x.m.Term.End));
            nearest.d.Take(a, false);
        }
        return made;
    }

    private static void Continue(List<Draft> last, Field field, string value, List<Attr> attrs, bool cue)
    {
        if (last.Count == 0) return;
        var yesNo = field == Field.Removal ? AttributeReader.YesNo(value) : null;
        foreach (var d in last)
        {
            if (yesNo is { } removed) d.Removed ??= removed;
            foreach (var a in attrs)
            {
                var removal = a.Kind == AttrKind.Removed && (bool)a.Value;
                if (removal || cue || field != Field.None) d.Take(a, onlyIfEmpty: !cue && field == Field.None);
            }
        }
    }

    private static void SetCount(Draft d, CountWord c)
    {
        d.Count = c.Value;
        d.CountStated = true;
        d.Evidence.Add(new EvidenceSpan(SpanSource.Report, c.Start, c.End));
    }

    // Characters between an attribute and a lesion word; a list separator between them ("... colon and a 3 mm polyp")
    // means the attribute belongs to the lesion on its own side, so it weighs more than any plain distance.
    private static int Distance(string text, Attr a, int start, int end)
    {
        var (from, to) = a.End <= start ? (a.End, start) : a.Start >= end ? (end, a.Start) : (0, 0);
        var separator = Separator().Match(text, from);
        return to - from + (separator.Success && separator.Index < to ? 1000 : 0);
    }

    [GeneratedRegex(@"\band\b|[,，;；、]", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
