using System.Globalization;
using EndoKED.Pipeline.Features.Demo.Planning;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>Chinese words for the plan's values, as centre-c's endoscopists write them.</summary>
internal static class ChinesePhrases
{
    public static string Segment(ColonSegment segment, DemoRandom random) => segment switch
    {
        ColonSegment.Caecum => random.Chance(0.6) ? "回盲部" : "盲肠",
        ColonSegment.Ascending => "升结肠",
        ColonSegment.HepaticFlexure => "肝曲",
        ColonSegment.Transverse => "横结肠",
        ColonSegment.SplenicFlexure => "脾曲",
        ColonSegment.Descending => "降结肠",
        ColonSegment.Sigmoid => "乙状结肠",
        _ => "直肠",
    };

    public static string Morphology(PolypMorphology morphology, DemoRandom random) => morphology switch
    {
        PolypMorphology.Sessile => random.Chance(0.5) ? "广基" : "无蒂",
        PolypMorphology.SemiPedunculated => "亚蒂",
        PolypMorphology.Pedunculated => random.Chance(0.5) ? "有蒂" : "带蒂",
        _ => "平坦型",
    };

    public static string Removal(RemovalMethod removal) => removal switch
    {
        RemovalMethod.ColdForceps => "活检钳钳除",
        RemovalMethod.ColdSnare => "冷圈套切除",
        RemovalMethod.HotSnare => "热圈套切除",
        RemovalMethod.Emr => "EMR切除",
        _ => "未予处理",
    };

    public static string Indication(Indication indication) => indication switch
    {
        Planning.Indication.Screening => "体检筛查",
        Planning.Indication.PositiveFit => "粪便隐血阳性",
        Planning.Indication.Surveillance => "肠镜复查",
        Planning.Indication.BowelHabit => "排便习惯改变",
        Planning.Indication.RectalBleeding => "便血",
        _ => "缺铁性贫血",
    };

    public static string Size(int mm, DemoRandom random)
    {
        var cm = (mm / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        var minor = (Math.Max(1, mm * 2 / 3) / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        return random.PickWeighted([0.55, 0.2, 0.25]) switch
        {
            0 => $"{cm}cm",
            1 => $"{mm}mm",
            _ => $"{cm}cm×{minor}cm",
        };
    }

    public static string Count(int n) => n switch
    {
        1 => "一",
        2 => "两",
        3 => "三",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
