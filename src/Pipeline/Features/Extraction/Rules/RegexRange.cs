using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>Matches inside [start, end) of a text without copying it: a report of a megabyte must stay linear.</summary>
internal static class RegexRange
{
    public static IEnumerable<Match> All(Regex pattern, string text, int start, int end)
    {
        if (end <= start) yield break;
        for (var m = pattern.Match(text, start, end - start); m.Success; m = m.NextMatch())
            yield return m;
    }
}
