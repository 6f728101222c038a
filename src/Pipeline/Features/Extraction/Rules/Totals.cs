using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A sentence that totals the lesions already itemised ("Four polyps in total", "(3 polyps removed)", "共4枚").</summary>
internal sealed record Total(int Value, int Start, int End, Section Section);

/// <summary>Finds totals. A total confirms or corrects the itemised count; it never adds lesions of its own.</summary>
internal static partial class Totals
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:in\s+total|total(?:\s+of)?|overall|altogether)\b", Opt)]
    private static partial Regex EnglishCue();

    // "(3 polyps removed, 3 retrieved)", "(4 polyps removed.)": a count in brackets that restates what was itemised.
    [GeneratedRegex(@"[(（]\s*(?<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:polyps?|lesions?)\s+(?:removed|resected|retrieved|seen|found|in\s+total)\b", Opt)]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"(?:共计?|合计|总计|总共)\s*约?\s*(?<n>\d{1,2}|[一二两三四五六七八九十])\s*[枚个颗处]", Opt)]
    private static partial Regex Chinese();

    /// <summary>The total a sentence states, or null; <paramref name="stated"/> is the count its lesion words carry.</summary>
    public static Total? Read(string text, Sentence s, Section section, int? stated)
    {
        var body = text[s.Start..s.End];
        foreach (var pattern in new[] { Bracketed(), Chinese() })
        {
            var m = pattern.Match(body);
            if (m.Success && Number(m.Groups["n"].Value) is { } n) return new(n, s.Start + m.Index, s.Start + m.Index + m.Length, section);
        }
        if (!EnglishCue().IsMatch(body)) return null;
        var value = stated ?? CountReader.ReadValue(text, s.Start, s.End)?.Value;
        return value is > 0 ? new(value.Value, s.Start, s.End, section) : null;
    }

    private static int? Number(string n) => int.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var v)
        ? v
        : CountReader.WordValue(n);
}
