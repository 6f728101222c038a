using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A negation cue and what it covers; unclear when it may or may not reach the lesion.</summary>
internal sealed record NegationCue(int Start, int End, bool Unclear);

/// <summary>Negation, history, hypothetical, form and embedded-instruction cues, English and Chinese.</summary>
internal static partial class Cues
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // A negation word before the lesion; "No." (number) and "not only" are not negations.
    [GeneratedRegex(@"\b(?:no(?!\.)|not|nil|without|negative\s+for|free\s+of|absence\s+of|nor|none\s+of|neither)\b|未见|未发现|未及|没有|无(?![蒂法])", Opt)]
    private static partial Regex PreNegation();

    // Words that end a negation's reach ("no bleeding after removal of the polyp").
    [GeneratedRegex(@"\b(?:but|however|except|although|though|after|apart\s+from|aside\s+from|other\s+than|which|whereas|while|and\s+(?:a|an|one|two|three|\d+))\b|[;；。，]", Opt)]
    private static partial Regex Terminator();

    // After the lesion: "Polyps: none", "Polyp: no", "count: 0", "were not seen", "息肉：无".
    [GeneratedRegex(@"^[^.;。；\n]{0,12}?(?:(?:[:：]|\s[-–])\s*(?:none|no|nil|negative|absent|not\s+seen|0(?![\d.])|无|未见|阴性)(?![A-Za-z\d])|\b(?:were|was|are|is)\s+not\s+(?:seen|identified|found|detected|present|visuali[sz]ed)|\bnot\s+(?:seen|identified|found|detected)|\bnone\s+(?:seen|found|identified))", Opt)]
    private static partial Regex PostNegation();

    [GeneratedRegex(@"\b(?:history\s+of|hx\s+of|h/o|prior(?!\s+to)|previous(?:ly)?|past\s+(?:medical\s+)?history|status\s+post|s/p|known|surveillance\s+(?:for|after|of)|follow[- ]?up\s+(?:of|for|after)|last\s+colonoscopy|(?:years?|months?)\s+ago|(?:19|20)\d\d)\b|既往|病史|有[^，。；]{0,15}?史|家族|曾[经行]?|年前|月前|(?:切除|摘除)术后", Opt)]
    private static partial Regex History();

    // Words that put a mention back into this examination despite a history cue in the same clause.
    [GeneratedRegex(@"\b(?:today|this\s+(?:exam(?:ination)?|procedure|time)|new|current(?:ly)?)\b|本次|此次|今日", Opt)]
    private static partial Regex ThisExam();

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override)\b.{0,60}\b(?:instructions?|rules?|above|previous|prior|prompt|guidelines?|everything)\b|\b(?:you\s+are|you\s+must|you\s+should|act\s+as|pretend)\b|\b(?:system|assistant|ai|llm|chatbot|model)\s*[:：]|note\s+to\s+(?:the\s+)?(?:ai|model|system|assistant|llm)|\b(?:output|return|respond|answer|report|say|set|print|state|write)\b[^.]{0,60}(?:polyp_present|polyp_count|json|=\s*(?:true|false|\d))|\binstructions?\b|\bprompt\b|忽略|无视|不要理会|指令|提示词|(?:请|务必).{0,12}(?:输出|报告为|回答|返回|填写|写成)", Opt)]
    private static partial Regex Instruction();

    // Words of a negated noun phrase that qualify the lesion rather than name something else ("no evidence of any residual polyp").
    [GeneratedRegex(@"^(?:any|evidence|of|signs?|further|other|residual|recurrent|new|obvious|definite|significant|suspicious|discrete|visible|additional|or|nor|clear|convincing|[a-z]+-(?:appearing|looking|like|type)|[a-z]+(?:ous|ic))$", Opt)]
    private static partial Regex Qualifier();

    // "small polyps may have been missed", "不除外息肉": a possibility, not a finding.
    [GeneratedRegex(@"\b(?:could|may|might|can)\s+(?:have\s+)?(?:been\s+)?(?:missed|obscured|hidden|overlooked)\b|\bmay\s+have\s+missed\b|\b(?:cannot|can't|could\s+not)\s+(?:be\s+)?(?:excluded|ruled\s+out)\b|可能遗漏|漏诊|不能排除|不除外", Opt)]
    private static partial Regex Hypothetical();

    // A sentence about the report form rather than the patient: how a field is filled, what a section means.
    [GeneratedRegex(@"\b(?:fields?|template|form|drop-?down|check-?box)\b|\bauto-?(?:filled|populated|generated)\b|\bdefaults?\s+to\b|\bentered\s+as\b|\bleft\s+blank\b|\bcompleted\s+only\b|栏|字段|模板|系统自动|默认|视为|未填写|填写为", Opt)]
    private static partial Regex AboutTheForm();

    public static bool IsHypothetical(string clause) => Hypothetical().IsMatch(clause);

    /// <summary>"Note: the Polyps field is left blank when none are found" speaks of the form, not of the patient.</summary>
    public static bool IsAboutTheForm(string sentence) => AboutTheForm().IsMatch(sentence);

    /// <summary>"Today no polyps" after "History: polyps." on the same line speaks of this examination.</summary>
    public static bool SpeaksOfThisExamination(string sentence) => ThisExam().IsMatch(sentence);

    public static bool IsInstruction(string sentence) => Instruction().IsMatch(sentence);

    /// <summary>
    /// The negation that covers a lesion at [start, end) in the sentence, or null. A cue further away than a short
    /// noun phrase (qualifiers such as "any residual or recurrent" do not count as words) but still in reach is
    /// returned as unclear: the rules do not guess whether it covers the lesion.
    /// </summary>
    public static NegationCue? Negation(string text, Sentence s, int start, int end)
    {
        var post = PostNegation().Match(text, end, s.End - end);
        if (post.Success && post.Index == end) return new(start, post.Index + post.Length, false);

        var windowStart = Math.Max(s.Start, start - 120);
        Match? cue = null;
        foreach (var m in RegexRange.All(PreNegation(), text, windowStart, start)) cue = m;
        if (cue is null) return null;
        var between = text[(cue.Index + cue.Length)..start];
        if (Terminator().IsMatch(between)) return null;
        var words = between.Split([' ', ',', '\t', '/'], StringSplitOptions.RemoveEmptyEntries).Count(w => !Qualifier().IsMatch(w));
        var cjk = between.Count(c => c >= '\u4e00' && c <= '\u9fff');
        if (words <= 6 && cjk <= 10) return new(cue.Index, end, false);
        return words <= 14 && cjk <= 20 ? new(cue.Index, end, true) : null;
    }

    /// <summary>True when the lesion sits in history: a history cue in its clause and no "today"/"本次" to overrule it.</summary>
    public static bool IsHistory(string text, Sentence s, int start, int end)
    {
        var (a, b) = ReportText.Clause(text, s, start);
        var clause = text[a..Math.Max(b, end)];
        if (ThisExam().IsMatch(clause)) return false;
        if (History().IsMatch(clause)) return true;
        // "Prior adenoma removed from the transverse colon in 2020": a cue opening the sentence covers it all.
        var head = text[s.Start..Math.Min(s.End, s.Start + 25)];
        var m = History().Match(head);
        return m.Success && m.Index < 3 && !ThisExam().IsMatch(text[s.Start..s.End]);
    }
}
