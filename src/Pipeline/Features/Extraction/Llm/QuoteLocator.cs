using System.Text;

namespace EndoKED.Pipeline.Features.Extraction.Llm;

/// <summary>
/// Finds a model's quote in the text it read: exactly first, then ignoring case and runs of white space, so a quote
/// that re-spaced a line break is still found. Returns offsets into <paramref name="text"/>, or null.
/// </summary>
public static class QuoteLocator
{
    public static (int Start, int End)? Locate(string? quote, string? text)
    {
        if (text is null || quote is null) return null;
        var q = quote.Trim().Trim('"', '\'', '“', '”', '「', '」').Trim();
        if (q.Length == 0) return null;
        var exact = text.IndexOf(q, StringComparison.Ordinal);
        if (exact >= 0) return (exact, exact + q.Length);

        var (normText, map) = Normalise(text);
        var (normQuote, _) = Normalise(q);
        var at = normText.IndexOf(normQuote.Trim(), StringComparison.Ordinal);
        if (at < 0) return null;
        var len = normQuote.Trim().Length;
        return (map[at], map[at + len - 1] + 1);
    }

    // Lower case, every run of white space as one space; map[i] is the original offset of normalised character i.
    private static (string Text, List<int> Map) Normalise(string s)
    {
        var sb = new StringBuilder(s.Length);
        var map = new List<int>(s.Length);
        var inSpace = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                if (!inSpace) { sb.Append(' '); map.Add(i); }
                inSpace = true;
                continue;
            }
            inSpace = false;
            sb.Append(char.ToLowerInvariant(s[i]));
            map.Add(i);
        }
        return (sb.ToString(), map);
    }
}
