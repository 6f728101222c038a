using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A lesion word of this examination that is neither negated nor history, with its stated count.</summary>
internal sealed record Mention(Term Term, CountWord? Count, bool Anaphoric, bool Ordinal)
{
    public int Start => Math.Min(Term.Start, Count?.Start ?? Term.Start);
}

/// <summary>Decides whether a lesion word introduces a new lesion or refers back to one already described.</summary>
internal static partial class Mentions
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:the|this|that|these|those|both|all|each|said|remaining|such|its|their|largest|biggest)\b|该|此|上述|以上|其", Opt)]
    private static partial Regex Definite();

    [GeneratedRegex(@"\b(?:another|other|second|third|fourth|additional|further|new|separate)\b|另", Opt)]
    private static partial Regex Fresh();

    // "appearance typical of hyperplastic polyps", "likely adenoma": a description of a lesion already counted.
    [GeneratedRegex(@"\b(?:typical\s+of|consistent\s+with|suggestive\s+of|likely|probably|possibly|resembl\w*|appearance\s+of|in\s+keeping\s+with)\b|考虑|符合|疑似|提示", Opt)]
    private static partial Regex Describing();

    [GeneratedRegex(@"^\s*(?:the\s+largest|largest|it|they|this|these|both|all|each|which|the\s+(?:polyp|lesion)s?|sizes?|location|measuring|located)\b|^\s*(?:最大者|其|该|均|大小|位于|分别)", Opt)]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\b(?:were|both|all|each|are)\b|均|分别|都", Opt)]
    private static partial Regex Collective();

    [GeneratedRegex(@"colon|colonoscop|c(?:a)?ecum|rectum|sigmoid|mucosa|prep|ileum|intubat|scope|polyp|lesion|normal|diverticul|ha?emorrhoid|colitis|结肠|憩室|痔|直肠|回盲|黏膜|粘膜|肠道|进镜|息肉|肠腔|未见", Opt)]
    private static partial Regex ExamWords();

    public static bool IsAnaphoric(string text, int floor, int termStart)
    {
        var phraseStart = CountReader.PhraseStart(text, floor, termStart);
        var phrase = text[phraseStart..termStart];
        var wide = text[Math.Max(floor, termStart - 40)..termStart];
        if (Fresh().IsMatch(phrase)) return false;
        return Definite().IsMatch(phrase) || Describing().IsMatch(wide);
    }

    public static bool IsContinuation(string sentence) => Continuation().IsMatch(sentence);

    public static bool IsCollective(string sentence) => Collective().IsMatch(sentence);

    public static bool DescribesExamination(string sentence) => ExamWords().IsMatch(sentence);
}
