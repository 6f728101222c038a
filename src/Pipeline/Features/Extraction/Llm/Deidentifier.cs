using System.Text;
using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>A text with names, ids and dates replaced, that maps its offsets back to the original.</summary>
public sealed class RedactedText
{
    private readonly List<(int RedStart, int RedEnd, int OrigStart, int OrigEnd, bool Replaced)> _pieces;

    internal RedactedText(string text, List<(int, int, int, int, bool)> pieces) => (Text, _pieces) = (text, pieces);

    /// <summary>What the model is shown.</summary>
    public string Text { get; }

    /// <summary>Maps a span of <see cref="Text"/> to the original; a span touching a placeholder covers the whole original words.</summary>
    public (int Start, int End) ToOriginal(int start, int end) => (Map(start, isEnd: false), Map(end, isEnd: true));

    private int Map(int pos, bool isEnd)
    {
        var probe = isEnd ? Math.Max(0, pos - 1) : pos;
        foreach (var p in _pieces)
        {
            if (probe < p.RedStart || probe >= p.RedEnd) continue;
            if (p.Replaced) return isEnd ? p.OrigEnd : p.OrigStart;
            return p.OrigStart + (pos - p.RedStart);
        }
        return _pieces.Count == 0 ? pos : _pieces[^1].OrigEnd;
    }
}

/// <summary>Replaces identifying words by placeholders such as "[NAME]" before a text goes to a model.</summary>
public sealed class Deidentifier(IReadOnlyDictionary<string, string> patterns)
{
    private readonly (string Label, Regex Pattern)[] _patterns = patterns
        .Select(p => (p.Key, new Regex(p.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        .ToArray();

    public RedactedText Redact(string text)
    {
        var hits = new List<(int Start, int End, string Label)>();
        foreach (var (label, pattern) in _patterns)
            foreach (Match m in pattern.Matches(text))
            {
                var g = m.Groups["v"].Success ? m.Groups["v"] : m.Groups[0];
                if (g.Length > 0) hits.Add((g.Index, g.Index + g.Length, label));
            }
        var sb = new StringBuilder(text.Length);
        var pieces = new List<(int, int, int, int, bool)>();
        var at = 0;
        foreach (var h in hits.OrderBy(h => h.Start).ThenByDescending(h => h.End))
        {
            if (h.Start < at) continue; // overlapping a placeholder already made
            if (h.Start > at) Keep(text, at, h.Start, sb, pieces);
            var token = $"[{h.Label}]";
            pieces.Add((sb.Length, sb.Length + token.Length, h.Start, h.End, true));
            sb.Append(token);
            at = h.End;
        }
        if (at < text.Length || pieces.Count == 0) Keep(text, at, text.Length, sb, pieces);
        return new RedactedText(sb.ToString(), pieces);
    }

    private static void Keep(string text, int from, int to, StringBuilder sb, List<(int, int, int, int, bool)> pieces)
    {
        pieces.Add((sb.Length, sb.Length + (to - from), from, to, false));
        sb.Append(text, from, to - from);
    }
}
