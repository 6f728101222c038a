using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A sentence of a report: offsets into the original text, its line, and a leading "Label:" when there is one.</summary>
internal sealed record Sentence(int Start, int End, int Line, string? Label, bool LabelOnly);

/// <summary>Splits report text into sentences without losing offsets (evidence spans point into the original).</summary>
internal static partial class ReportText
{
    // A full stop ends a sentence only when followed by a space or the end, so "0.8 cm" and "3.0×2.5cm" stay whole.
    [GeneratedRegex(@"(?<=[.!?])(?=\s|$)|(?<=[。；;！？!?])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\b(?:no|approx|e\.g|i\.e|dr|vs|cf|st|fig)\.$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    // "Findings:", "- Polyps:", "1. Indication:", "乙状结肠：". Labels are short; a long run before a colon is prose.
    [GeneratedRegex(@"^\s*(?:[-*•·]\s*)?(?:\d{1,2}[.)、]\s*)?(?<label>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff0-9 /()'#.\-]{0,40}?)\s*[:：]", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    public static List<Sentence> Split(string text)
    {
        var result = new List<Sentence>();
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n') continue;
            SplitLine(text, lineStart, i, line, result);
            line++;
            lineStart = i + 1;
        }
        return result;
    }

    private static void SplitLine(string text, int start, int end, int line, List<Sentence> into)
    {
        var piece = text[start..end];
        var cut = 0;
        foreach (Match m in Boundary().Matches(piece))
        {
            if (m.Index <= cut || Abbreviation().IsMatch(piece[cut..m.Index])) continue;
            Add(text, start + cut, start + m.Index, line, into);
            cut = m.Index;
        }
        Add(text, start + cut, end, line, into);
    }

    private static void Add(string text, int start, int end, int line, List<Sentence> into)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end <= start) return;
        var s = text[start..end];
        var m = LabelPattern().Match(s);
        string? label = null;
        var labelOnly = false;
        if (m.Success && m.Groups["label"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5)
        {
            label = m.Groups["label"].Value.Trim();
            labelOnly = string.IsNullOrWhiteSpace(s[m.Length..]);
        }
        into.Add(new Sentence(start, end, line, label, labelOnly));
    }

    /// <summary>The end of the comma clause holding <paramref name="at"/>, within the sentence.</summary>
    public static (int Start, int End) Clause(string text, Sentence s, int at)
    {
        var a = at;
        while (a > s.Start && !IsClauseBreak(text[a - 1])) a--;
        var b = at;
        while (b < s.End && !IsClauseBreak(text[b])) b++;
        return (a, b);
    }

    public static bool IsClauseBreak(char c) => c is ',' or '，' or ';' or '；' or '。' or '(' or ')' or '（' or '）';
}
