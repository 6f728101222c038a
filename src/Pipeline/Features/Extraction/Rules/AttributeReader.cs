using System.Globalization;
using System.Text.RegularExpressions;
using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

internal enum AttrKind { Size, Location, Morphology, Removed }

/// <summary>One attribute found in a sentence: what, its value, where.</summary>
internal sealed record Attr(AttrKind Kind, object Value, int Start, int End);

/// <summary>Reads sizes, segments, morphology and removal from a stretch of report text.</summary>
internal static partial class AttributeReader
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"(?<a>\d+(?:\.\d+)?)\s*(?:(?:-|–|~|～|to|至|x|×|\*|by)\s*(?<b>\d+(?:\.\d+)?)\s*)?(?<u>mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|毫米|厘米)(?![A-Za-z])", Opt)]
    private static partial Regex Size();

    // A distance from the anal verge or an insertion depth is not a size.
    [GeneratedRegex(@"^\s*(?:from|above|to)\s+(?:the\s+)?(?:anal|anus|AV\b|dentate|verge)|^\s*处", Opt)]
    private static partial Regex DistanceAfter();

    [GeneratedRegex(@"(?:\b(?:at|to)\s+|距(?:离)?(?:肛门|肛缘|肛)?(?:口)?约?\s*)$", Opt)]
    private static partial Regex DistanceBefore();

    [GeneratedRegex(@"\b(?<caecum>ileo-?c(?:a)?ecal\s+valve|ICV|appendi(?:ceal|x)\s+orifice|c(?:a)?ecum|c(?:a)?ecal)\b|\b(?<hepatic_flexure>hepatic\s+flexure)\b|\b(?<splenic_flexure>splenic\s+flexure)\b|\b(?<ascending>ascending(?:\s+colon)?)\b|\b(?<transverse>transverse(?:\s+colon)?)\b|\b(?<descending>descending(?:\s+colon)?)\b|\b(?<sigmoid>sigmoid(?:\s+colon)?)(?![-\s]?descending)\b|\b(?<rectum>rectum|rectal)\b|(?<caecum>回盲部|回盲瓣|盲肠|阑尾(?:开)?口)|(?<hepatic_flexure>(?:结肠)?肝曲)|(?<splenic_flexure>(?:结肠)?脾曲)|(?<ascending>升结肠)|(?<transverse>横结肠)|(?<descending>降结肠)|(?<sigmoid>乙状结肠)|(?<rectum>直肠)", Opt)]
    private static partial Regex SegmentPattern();

    [GeneratedRegex(@"\b(?<semi_pedunculated>semi-?\s?pedunculated|sub-?pedunculated|0-?Isp)\b|\b(?<pedunculated>pedunculated|0-?Ip)\b|\b(?<sessile>sessile(?!\s+serrated)|broad-based|0-?Is)\b|\b(?<laterally_spreading>laterally\s+spreading|LST(?:-[A-Z]{1,3})?)\b|\b(?<flat>flat|0-?II[a-c]?|IIa|IIb)\b|(?<semi_pedunculated>亚蒂|半蒂)|(?<pedunculated>带蒂|有蒂|长蒂|细蒂)|(?<sessile>广基|无蒂(?!锯齿))|(?<laterally_spreading>侧向发育)|(?<flat>扁平|平坦)", Opt)]
    private static partial Regex MorphologyPattern();

    [GeneratedRegex(@"\bnot\s+(?:been\s+)?(?:removed|resected|excised)|\bleft\s+in\s+(?:situ|place)|\breferred\s+for|\bdeferred|\bbiops(?:y|ies|ied)(?!\s+forceps)|未予?(?:切除|处理|摘除)|未处理|取活检|活检(?!钳)", Opt)]
    private static partial Regex NotRemoved();

    [GeneratedRegex(@"\b(?:removed|resected|excised|retrieved|polypectomy|snared?|EMR|ESD|en\s+bloc|piecemeal|cold\s+forceps|hot\s+forceps)\b|切除|摘除|钳除|电切|圈套|EMR|ESD|APC", Opt)]
    private static partial Regex Removed();

    public static List<Attr> Read(string text, int start, int end)
    {
        var found = new List<Attr>();
        foreach (var m in RegexRange.All(Size(), text, start, end))
        {
            if (DistanceAfter().IsMatch(text.AsSpan(m.Index + m.Length, Math.Min(30, end - m.Index - m.Length)).ToString())) continue;
            if (DistanceBefore().IsMatch(text[Math.Max(start, m.Index - 12)..m.Index])) continue;
            found.Add(new Attr(AttrKind.Size, ToMillimetres(m), m.Index, m.Index + m.Length));
        }
        foreach (var m in RegexRange.All(SegmentPattern(), text, start, end))
            found.Add(new Attr(AttrKind.Location, Named<Segment>(m), m.Index, m.Index + m.Length));
        foreach (var m in RegexRange.All(MorphologyPattern(), text, start, end))
            found.Add(new Attr(AttrKind.Morphology, Named<Morphology>(m), m.Index, m.Index + m.Length));
        var masked = new char[end - start];
        text.CopyTo(start, masked, 0, end - start);
        foreach (var m in RegexRange.All(NotRemoved(), text, start, end))
        {
            found.Add(new Attr(AttrKind.Removed, false, m.Index, m.Index + m.Length));
            Array.Fill(masked, ' ', m.Index - start, m.Length);
        }
        foreach (Match m in Removed().Matches(new string(masked)))
            found.Add(new Attr(AttrKind.Removed, true, start + m.Index, start + m.Index + m.Length));
        return found;
    }

    /// <summary>A "yes"/"no" template answer ("Removed: yes", "处理：无").</summary>
    public static bool? YesNo(string value)
    {
        var v = value.Trim().TrimEnd('.', '。').ToLowerInvariant();
        if (v.StartsWith("yes", StringComparison.Ordinal) || v.StartsWith('是') || v.StartsWith('有')) return true;
        if (v is "no" or "none" or "nil" or "否" or "无" or "未" || v.StartsWith("no,", StringComparison.Ordinal)) return false;
        return null;
    }

    private static double ToMillimetres(Match m)
    {
        var a = double.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        var b = m.Groups["b"].Success ? double.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture) : a;
        var unit = m.Groups["u"].Value.ToLowerInvariant();
        var factor = unit.StartsWith('c') || unit == "厘米" ? 10.0 : 1.0;
        return Math.Round(Math.Max(a, b) * factor, 2);
    }

    private static T Named<T>(Match m) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
            if (m.Groups[FindingsJson.Name(v)].Success) return v;
        throw new InvalidOperationException("pattern group without a value: " + m.Value);
    }
}
