using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A word that names a polyp-type lesion, where it stands, and whether it is plural.</summary>
internal sealed record Term(int Start, int End, bool Plural);

/// <summary>Finds polyp-type lesion words (report-findings.md "What counts") and the lesions that do not count.</summary>
internal static partial class LesionTerms
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:(?<p>polyps|adenomas|LSTs)|polyp|adenoma|polypoid\s+(?:lesion|growth|elevation)(?<p>s)?|serrated\s+(?:lesion|polyp|adenoma)(?<p>s)?|SSA/?P|SSL(?<p>s)?|LST(?:-[A-Z]{1,3})?|laterally\s+spreading\s+(?:tumou?r|lesion)(?<p>s)?|(?:flat|sessile|elevated|depressed|paris\s+0-?I{1,2}[a-c]?s?p?)\s+lesion(?<p>s)?)\b|(?<!假)息肉(?!切除术|摘除术|切除史|病史)|腺瘤|侧向发育型?(?:肿瘤|病变)?|锯齿状(?:病变|腺瘤)|息肉样(?:隆起|病变)", Opt)]
    private static partial Regex PolypTerm();

    // Written before the word, these make it a lesion that does not count ("pseudopolyps", "post-inflammatory polyps").
    [GeneratedRegex(@"(?:pseudo-?|post-?inflammatory\s+|inflammatory\s+pseudo-?)$", Opt)]
    private static partial Regex ExcludingPrefix();

    [GeneratedRegex(@"\b(?:mass(?:es)?|tumou?rs?|cancer|carcinoma|lipomas?|submucosal|pseudo-?polyps?|scars?|ha?emorrhoids?|diverticul\w*|angioectasi\w*|stricture)\b|肿物|新生物|肿块|脂肪瘤|黏膜下|粘膜下|假息肉|瘢痕|疤痕|痔|憩室|癌", Opt)]
    private static partial Regex ExcludedLesion();

    public static List<Term> Find(string text, int start, int end)
    {
        var result = new List<Term>();
        foreach (var m in RegexRange.All(PolypTerm(), text, start, end))
        {
            var before = text[Math.Max(start, m.Index - 24)..m.Index];
            if (ExcludingPrefix().IsMatch(before)) continue;
            // "laterally spreading tumour" is a polyp-type lesion; other tumours are not, and are skipped by the pattern.
            result.Add(new Term(m.Index, m.Index + m.Length, m.Groups["p"].Success));
        }
        return result;
    }

    public static bool HasExcludedLesion(string sentence) => ExcludedLesion().IsMatch(sentence);
}
