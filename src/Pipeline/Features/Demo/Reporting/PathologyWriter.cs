using System.Text;
using EndoKED.Pipeline.Features.Demo.Planning;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>The histology report for the retrieved polyps, one labelled specimen each; English or Chinese by centre.</summary>
internal static class PathologyWriter
{
    public static string? Write(ExaminationPlan plan, DemoRandom random)
    {
        if (!plan.HasPathology) return null;
        var chinese = plan.Centre.Style == ReportStyle.Chinese;
        var text = new StringBuilder(chinese ? "病理诊断：\n" : "PATHOLOGY REPORT\nMacroscopy: received in formalin.\nDiagnosis:\n");
        var label = 'A';
        foreach (var polyp in plan.Polyps.Where(p => p.SentToHistology))
        {
            text.Append(chinese
                ? $"{label}. （{ChinesePhrases.Segment(polyp.Segment, random)}）{Chinese(polyp.Histology)}。\n"
                : $"{label}. {Capitalised(EnglishPhrases.Segment(polyp.Segment, random))} polyp ({EnglishPhrases.Technique(polyp.Removal)}): {English(polyp.Histology, random)}.\n");
            label++;
        }

        if (plan.Context.LymphoidBiopsy)
        {
            text.Append(chinese
                ? $"{label}. （横结肠随机活检）结肠黏膜组织，见淋巴组织聚集。\n"
                : $"{label}. Random biopsy, transverse colon: colonic mucosa with a benign lymphoid aggregate.\n");
        }

        return text.ToString();
    }

    private static string English(Histology histology, DemoRandom random) => histology switch
    {
        Histology.TubularAdenoma => random.Chance(0.5) ? "Tubular adenoma with low-grade dysplasia" : "Tubular adenoma, low-grade dysplasia; margins clear",
        Histology.TubulovillousAdenoma => "Tubulovillous adenoma with low-grade dysplasia",
        Histology.Hyperplastic => random.Chance(0.5) ? "Hyperplastic polyp" : "Hyperplastic polyp; no dysplasia",
        Histology.SessileSerrated => random.Chance(0.5) ? "Sessile serrated lesion without dysplasia" : "Sessile serrated lesion (SSL), no dysplasia",
        _ => "Tubular adenoma with high-grade dysplasia and a focus of intramucosal carcinoma; deep margin clear",
    };

    private static string Chinese(Histology histology) => histology switch
    {
        Histology.TubularAdenoma => "管状腺瘤，低级别上皮内瘤变",
        Histology.TubulovillousAdenoma => "绒毛状管状腺瘤，低级别上皮内瘤变",
        Histology.Hyperplastic => "增生性息肉",
        Histology.SessileSerrated => "无蒂锯齿状病变",
        _ => "管状腺瘤，局灶癌变（黏膜内癌）",
    };

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
