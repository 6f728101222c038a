using System.Text.RegularExpressions;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>Histology classes named in the pathology text, each with the words that named it. Negated names do not count.</summary>
internal static partial class PathologyReader
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Order matters: a sessile serrated adenoma is not an adenoma, so serrated names are read and blanked first.
    private static readonly (PathologyClass Class, Regex Pattern)[] Classes =
    [
        (PathologyClass.SessileSerrated, SessileSerrated()),
        (PathologyClass.Other, Other()),
        (PathologyClass.Adenoma, Adenoma()),
        (PathologyClass.Hyperplastic, Hyperplastic()),
        (PathologyClass.Carcinoma, Carcinoma()),
        (PathologyClass.Inflammatory, Inflammatory()),
    ];

    [GeneratedRegex(@"\bsessile\s+serrated\s+(?:lesions?|adenomas?|polyps?)|\bSSL\b|\bSSA(?:/P)?\b|无蒂锯齿状(?:病变|腺瘤|息肉)?|广基锯齿状(?:病变|腺瘤|息肉)?", Opt)]
    private static partial Regex SessileSerrated();

    [GeneratedRegex(@"\btraditional\s+serrated\s+adenoma|\blymphoid\s+(?:aggregates?|polyps?|follicles?|hyperplasia)|\blipomas?\b|\bleiomyomas?\b|\bneuroendocrine\s+tumou?r|\bcarcinoid\b|\bhamartoma(?:tous)?\b|\bjuvenile\s+polyps?|\bpeutz|\bganglioneuroma|\bGIST\b|\bmucosal\s+prolapse|传统锯齿状腺瘤|淋巴组织(?:增生|聚集)|淋巴滤泡|淋巴细胞聚集|脂肪瘤|平滑肌瘤|神经内分泌|类癌|错构瘤|幼年性息肉", Opt)]
    private static partial Regex Other();

    [GeneratedRegex(@"\b(?:tubulo-?villous|tubular|villous)\s+adenomas?|\badenomas?\b|\badenomatous\b|腺瘤", Opt)]
    private static partial Regex Adenoma();

    [GeneratedRegex(@"\bhyperplastic\s+polyps?|增生性息肉", Opt)]
    private static partial Regex Hyperplastic();

    [GeneratedRegex(@"\b(?:adeno)?carcinomas?\b|\bcancer\b|癌", Opt)]
    private static partial Regex Carcinoma();

    [GeneratedRegex(@"\binflammatory\s+polyps?|\bcolitis\b|\bproctitis\b|\bcrohn'?s?\b|\bileitis\b|炎性息肉|溃疡性结肠炎|结肠炎|直肠炎|克罗恩", Opt)]
    private static partial Regex Inflammatory();

    // Dysplasia without a named class still means a neoplastic polyp; it is read only when nothing else is named.
    [GeneratedRegex(@"\bdysplasia\b|上皮内瘤变", Opt)]
    private static partial Regex Dysplasia();

    [GeneratedRegex(@"\b(?:no|not|without|negative\s+for|free\s+of|absence\s+of|nor)\b|未见|无(?![蒂法])|阴性", Opt)]
    private static partial Regex Negation();

    [GeneratedRegex(@"[.;。；,，:：]|\b(?:with|but|shows?|showing)\b|伴", Opt)]
    private static partial Regex Stop();

    public static Dictionary<PathologyClass, List<EvidenceSpan>> Read(string? text)
    {
        var found = new Dictionary<PathologyClass, List<EvidenceSpan>>();
        if (string.IsNullOrWhiteSpace(text)) return found;
        var masked = text.ToCharArray();
        foreach (var (cls, pattern) in Classes)
            Collect(text, masked, cls, pattern, found);
        if (found.Count == 0) Collect(text, masked, PathologyClass.Adenoma, Dysplasia(), found);
        return found;
    }

    private static void Collect(string text, char[] masked, PathologyClass cls, Regex pattern, Dictionary<PathologyClass, List<EvidenceSpan>> found)
    {
        foreach (Match m in pattern.Matches(new string(masked)))
        {
            Array.Fill(masked, ' ', m.Index, m.Length);
            if (IsNegated(text, m.Index)) continue;
            if (!found.TryGetValue(cls, out var spans)) found[cls] = spans = [];
            spans.Add(new EvidenceSpan(SpanSource.Pathology, m.Index, m.Index + m.Length));
        }
    }

    // "negative for high-grade dysplasia and carcinoma": the cue reaches over a few words, not past a stop.
    private static bool IsNegated(string text, int at)
    {
        var from = Math.Max(0, at - 45);
        var before = text[from..at];
        Match? cue = null;
        foreach (Match m in Negation().Matches(before)) cue = m;
        if (cue is null) return false;
        var gap = before[(cue.Index + cue.Length)..];
        return !Stop().IsMatch(gap) && gap.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5;
    }
}
