using System.Globalization;
using EndoKED.Pipeline.Features.Demo.Planning;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>English words for the plan's values, with the variants real reports use.</summary>
internal static class EnglishPhrases
{
    public static string Segment(ColonSegment segment, DemoRandom random) => segment switch
    {
        ColonSegment.Caecum => random.Chance(0.7) ? "caecum" : "cecum",
        ColonSegment.Ascending => "ascending colon",
        ColonSegment.HepaticFlexure => "hepatic flexure",
        ColonSegment.Transverse => "transverse colon",
        ColonSegment.SplenicFlexure => "splenic flexure",
        ColonSegment.Descending => "descending colon",
        ColonSegment.Sigmoid => random.Chance(0.8) ? "sigmoid colon" : "sigmoid",
        _ => "rectum",
    };

    public static string Morphology(PolypMorphology morphology) => morphology switch
    {
        PolypMorphology.Sessile => "sessile",
        PolypMorphology.SemiPedunculated => "semi-pedunculated",
        PolypMorphology.Pedunculated => "pedunculated",
        _ => "flat",
    };

    public static string Paris(PolypMorphology morphology) => morphology switch
    {
        PolypMorphology.Sessile => "Paris 0-Is",
        PolypMorphology.SemiPedunculated => "Paris 0-Isp",
        PolypMorphology.Pedunculated => "Paris 0-Ip",
        _ => "Paris 0-IIa",
    };

    public static string Technique(RemovalMethod removal) => removal switch
    {
        RemovalMethod.ColdForceps => "cold biopsy forceps",
        RemovalMethod.ColdSnare => "cold snare",
        RemovalMethod.HotSnare => "hot snare",
        RemovalMethod.Emr => "EMR",
        _ => "not removed",
    };

    public static string Indication(Indication indication) => indication switch
    {
        Planning.Indication.Screening => "screening",
        Planning.Indication.PositiveFit => "positive FIT",
        Planning.Indication.Surveillance => "surveillance",
        Planning.Indication.BowelHabit => "change in bowel habit",
        Planning.Indication.RectalBleeding => "rectal bleeding",
        _ => "iron deficiency anaemia",
    };

    /// <summary>History that mentions polyps without being a finding of this examination.</summary>
    public static string History(int year, DemoRandom random) => random.Pick(
    [
        $"status post polypectomy {year}",
        $"previous adenoma removed in {year}",
        $"history of colonic polyps (polypectomy {year})",
    ]);

    public static string Millimetres(int mm, DemoRandom random) => random.PickWeighted([0.6, 0.2, 0.2]) switch
    {
        0 => $"{mm} mm",
        1 => $"{mm}mm",
        _ => $"{mm} x {Math.Max(1, mm * 2 / 3)} mm",
    };

    public static string Centimetres(int mm) => (mm / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + " cm";

    public static string Count(int n) => n switch
    {
        1 => "one",
        2 => "two",
        3 => "three",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
