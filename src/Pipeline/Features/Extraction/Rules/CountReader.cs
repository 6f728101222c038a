using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>How many lesions a mention names: a fixed number, an unfixed one ("multiple"), or nothing said.</summary>
internal sealed record CountWord(int? Value, bool Indefinite, int Start, int End);

/// <summary>Reads counts in words and digits before a lesion word ("two", "3枚", "一枚") or after it ("x2", ": 3").</summary>
internal static partial class CountReader
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["single"] = 1, ["solitary"] = 1, ["two"] = 2, ["pair"] = 2, ["three"] = 3,
        ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
        ["一"] = 1, ["单"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6, ["七"] = 7,
        ["八"] = 8, ["九"] = 9, ["十"] = 10,
    };

    // Indefinite amounts come first so that "a few" is not read as "a" = 1 and "more than 20" not as 20.
    [GeneratedRegex(@"\b(?<ind>a\s+few|few|several|multiple|numerous|many|some|countless|innumerable|dozens|scattered|more\s+than\s+\w+|over\s+\d+|at\s+least\s+\w+|>\s*\d+)\b|(?<ind>数十|十余|数|多|若干)[枚个颗处]|(?<ind>多发|散在|多个|多枚)|(?<ind>(?<!\d)\d{1,2}\s*(?:-|–|~|～|to|至|或)\s*\d{1,2})(?![\d.]|\s*(?:mm|cm|毫米|厘米|%))|\b(?<n>\d{1,2})(?!\d|\.\d|[、)]|\s*(?:mm|cm|毫米|厘米|%))|\b(?<w>a|an|one|single|solitary|two|pair|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\b|(?<w>[一二两三四五六七八九十单])(?:枚|个|颗|处|发)|(?<n>\d{1,2})(?:枚|个|颗|处)|(?<w>一)(?=大小|约|直径|处|\s*\d)", Opt)]
    private static partial Regex Count();

    [GeneratedRegex(@"^\s*(?:\(\s*)?[x×]\s*(?<n>\d{1,2})\b|^\s*(?:[A-Za-z]+\s*){0,2}[:：]\s*(?<n>\d{1,2})(?!\d|\.\d|\s*(?:mm|cm|毫米|厘米))", Opt)]
    private static partial Regex After();

    [GeneratedRegex(@"^\s*#?\d{1,2}\s*(?:[:：|]|$)", Opt)]
    private static partial Regex Ordinal();

    // Where a noun phrase ends going backwards: a verb, a preposition or punctuation starts another phrase.
    [GeneratedRegex(@"(?:[,;:：，；。(（)）]|\b(?:and|with|in|at|of|from|was|were|is|are|found|seen|showed|revealed|noted|there|had)\b|见|于|及|和|、)(?!.*(?:[,;:：，；。(（)）]|\b(?:and|with|in|at|of|from|was|were|is|are|found|seen|showed|revealed|noted|there|had)\b|见|于|及|和|、))", Opt | RegexOptions.Singleline)]
    private static partial Regex PhraseBreak();

    [GeneratedRegex(@"\d+(?:\.\d+)?\s*(?:(?:-|–|~|～|to|至|x|×|\*|by)\s*\d+(?:\.\d+)?\s*)?(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|毫米|厘米)", Opt)]
    private static partial Regex SizeText();

    /// <summary>The number a count word stands for ("four" → 4, "两" → 2), or null.</summary>
    public static int? WordValue(string word) => Words.TryGetValue(word, out var v) ? v : null;

    /// <summary>"Polyp 1:" names one polyp in a numbered list; the number is not a count.</summary>
    public static bool IsOrdinalLabel(string text, int termEnd, int limit) => Ordinal().IsMatch(text[termEnd..limit]);

    /// <summary>The count stated in the noun phrase before the lesion word (from <paramref name="floor"/> on), or after it.</summary>
    public static CountWord? Read(string text, int floor, int termStart, int termEnd, int limit)
    {
        var after = After().Match(text[termEnd..limit]);
        if (after.Success)
            return new CountWord(int.Parse(after.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), false, termEnd + after.Groups["n"].Index, termEnd + after.Length);

        var from = PhraseStart(text, floor, termStart);
        var phrase = text[from..termStart];
        const int cut = 0;
        // Sizes look like numbers: blank them so "two 3 mm polyps" reads two, not 3.
        var blanked = SizeText().Replace(phrase[cut..], m => new string(' ', m.Length));
        var c = Count().Match(blanked);
        if (!c.Success) return null;
        var at = from + cut + c.Index;
        if (c.Groups["ind"].Success) return new CountWord(null, true, at, at + c.Length);
        var value = c.Groups["n"].Success
            ? int.Parse(c.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : Words[c.Groups["w"].Value];
        return new CountWord(value, false, at, at + c.Length);
    }

    /// <summary>Where the noun phrase ending at <paramref name="termStart"/> begins (no earlier than <paramref name="floor"/>).</summary>
    public static int PhraseStart(string text, int floor, int termStart)
    {
        var from = Math.Max(floor, termStart - 50);
        var brk = PhraseBreak().Match(text[from..termStart]);
        return brk.Success ? from + brk.Index + brk.Length : from;
    }

    /// <summary>The count in a template field value ("Number: 2", "数量：1枚"), or null.</summary>
    public static CountWord? ReadValue(string text, int start, int end)
    {
        var c = Count().Match(SizeText().Replace(text[start..end], m => new string(' ', m.Length)));
        if (!c.Success) return null;
        if (c.Groups["ind"].Success) return new CountWord(null, true, start + c.Index, start + c.Index + c.Length);
        var value = c.Groups["n"].Success ? int.Parse(c.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : Words[c.Groups["w"].Value];
        return new CountWord(value, false, start + c.Index, start + c.Index + c.Length);
    }
}
