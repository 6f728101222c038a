using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>What part of a report a sentence belongs to; only Findings and Summary describe this examination.</summary>
internal enum Section { Findings, Summary, History, Recommendation }

/// <summary>What a template label asks for, when it is a field rather than a section heading.</summary>
internal enum Field { None, Count, Location, Size, Morphology, Removal }

/// <summary>Classifies "Label:" heads and follows the section a sentence falls in.</summary>
internal static partial class Sections
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^(?:clinical\s+)?(?:history|indications?|reason(?:\s+for\s+\w+)?|clinical\s+(?:information|details|notes)|presenting\s+complaint|complaint|referral|family\s+history|past\s+history|symptoms?)$|病史|既往|主诉|指征|适应症|检查目的|临床诊断|家族史|现病史", Opt)]
    private static partial Regex HistoryLabel();

    [GeneratedRegex(@"^(?:final\s+)?(?:impressions?|conclusions?|diagnos[ie]s|summary|assessment|endoscopic\s+diagnosis)$|诊断|印象|结论|意见", Opt)]
    private static partial Regex SummaryLabel();

    [GeneratedRegex(@"^(?:findings?|description|procedure(?:\s+\w+)?|examination|report|results?)$|所见|本次检查|检查描述", Opt)]
    private static partial Regex FindingsLabel();

    [GeneratedRegex(@"^(?:recommendations?|plan|follow[- ]?up|advice|disposition|next\s+steps?)$|建议|随访|医嘱", Opt)]
    private static partial Regex RecommendationLabel();

    [GeneratedRegex(@"^(?:(?:number|no\.?|count|quantity|#)(?:\s+of\s+polyps?)?|polyps?\s+(?:count|number))$|数量|数目|个数", Opt)]
    private static partial Regex CountLabel();

    [GeneratedRegex(@"^(?:location|site|segment|position)$|部位|位置", Opt)]
    private static partial Regex LocationLabel();

    [GeneratedRegex(@"^(?:size|largest(?:\s+size)?|diameter|dimensions?)$|大小|直径", Opt)]
    private static partial Regex SizeLabel();

    [GeneratedRegex(@"^(?:morphology|shape|paris(?:\s+class(?:ification)?)?)$|形态", Opt)]
    private static partial Regex MorphologyLabel();

    [GeneratedRegex(@"^(?:removed|removal|resection|resected|treatment|therapy|intervention|polypectomy)$|处理|治疗|切除", Opt)]
    private static partial Regex RemovalLabel();

    public static Field FieldOf(string? label) => label switch
    {
        null => Field.None,
        _ when CountLabel().IsMatch(label) => Field.Count,
        _ when LocationLabel().IsMatch(label) => Field.Location,
        _ when SizeLabel().IsMatch(label) => Field.Size,
        _ when MorphologyLabel().IsMatch(label) => Field.Morphology,
        _ when RemovalLabel().IsMatch(label) => Field.Removal,
        _ => Field.None,
    };

    /// <summary>
    /// The section of every sentence. A heading alone on its line opens a section that lasts to the next heading;
    /// a history or recommendation label with text on its line covers that line only, because terse reports
    /// often go straight on to the findings without a new label.
    /// </summary>
    public static Section[] Assign(IReadOnlyList<Sentence> sentences)
    {
        var result = new Section[sentences.Count];
        var current = Section.Findings;
        var lineScoped = false;
        var line = -1;
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (s.Line != line && lineScoped)
            {
                current = Section.Findings;
                lineScoped = false;
            }
            line = s.Line;
            if (Classify(s.Label) is { } kind)
            {
                current = kind;
                lineScoped = !s.LabelOnly && kind is Section.History or Section.Recommendation;
            }
            result[i] = current;
        }
        return result;
    }

    private static Section? Classify(string? label) => label switch
    {
        null => null,
        _ when HistoryLabel().IsMatch(label) => Section.History,
        _ when RecommendationLabel().IsMatch(label) => Section.Recommendation,
        _ when SummaryLabel().IsMatch(label) => Section.Summary,
        _ when FindingsLabel().IsMatch(label) => Section.Findings,
        _ => null,
    };
}
