using System.Text;
using EndoKED.Pipeline.Features.Demo.Planning;
using static EndoKED.Pipeline.Features.Demo.Reporting.ChinesePhrases;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>centre-c: a Chinese report with the usual 检查所见 / 内镜诊断 sections.</summary>
internal static class ChineseReportWriter
{
    public static string Write(ExaminationPlan plan, DemoRandom random)
    {
        var c = plan.Context;
        var text = new StringBuilder();
        text.Append("结肠镜检查报告\n");
        text.Append("检查指征：").Append(Indication(c.Indication)).Append('\n');
        var history = new List<string>();
        if (c.PriorPolypectomyYear is { } year) history.Add(random.Chance(0.5) ? $"既往有结肠息肉切除史（{year}年）" : $"{year}年曾行结肠息肉切除术");
        if (c.FamilyHistory) history.Add("有结直肠癌家族史");
        if (history.Count > 0) text.Append("病史：").Append(string.Join("，", history)).Append("。\n");
        text.Append($"肠道准备：波士顿评分{c.BostonScore}分").Append(c.BostonScore <= 5 ? "，部分肠段有粪水残留" : "").Append('\n');

        text.Append("检查所见：进镜至回盲部").Append(c.TerminalIleum ? "，进入回肠末端约5cm，黏膜未见异常" : "")
            .Append("，回盲瓣呈唇形，阑尾开口清晰。退镜观察：");
        foreach (var polyp in plan.Polyps) text.Append(PolypSentence(polyp, random));
        if (c.Diverticula is { } d) text.Append($"{Segment(d, random)}可见数个憩室开口。");
        if (c.Haemorrhoids) text.Append(random.Chance(0.5) ? "肛门齿状线上方见内痔。" : "直肠末端见内痔。");
        text.Append(plan.Polyps.Count > 0
            ? random.Pick(["余结肠及直肠黏膜未见明显异常。", "余所见黏膜光滑。"])
            : random.Pick(["所见结肠及直肠黏膜光滑，血管纹理清晰，未见息肉及肿物。", "全结肠黏膜未见明显异常，未见息肉。"]));

        text.Append("\n内镜诊断：");
        var diagnoses = new List<string>();
        if (plan.Polyps.Count > 0)
        {
            var sites = string.Join("、", plan.Polyps.Select(p => Segment(p.Segment, random)).Distinct(StringComparer.Ordinal));
            diagnoses.Add($"结肠息肉（{sites}）" + (plan.Polyps.Any(p => p.Removed) ? "，已切除" : ""));
        }

        if (c.Diverticula is not null) diagnoses.Add("结肠憩室");
        if (c.Haemorrhoids) diagnoses.Add("内痔");
        if (diagnoses.Count == 0) diagnoses.Add("结肠镜检查未见明显异常");
        text.Append(diagnoses.Count == 1 ? diagnoses[0] : string.Join("；", diagnoses.Select((x, i) => $"{i + 1}. {x}")));
        text.Append("\n建议：").Append(plan.HasPathology ? "待病理结果，定期复查结肠镜。" : "定期随访。").Append('\n');
        return text.ToString();
    }

    private static string PolypSentence(PlannedPolyp polyp, DemoRandom random)
    {
        var segment = Segment(polyp.Segment, random);
        var size = Size(polyp.SizeMm, random);
        var morphology = Morphology(polyp.Morphology, random);
        var removal = polyp.Removal switch
        {
            RemovalMethod.NotRemoved => "因患者服用抗凝药物未予处理，建议择期行EMR",
            var method => "予" + Removal(method) + (polyp.Retrieved ? "，创面无出血" : "，切除后标本未能回收"),
        };
        return random.Next(0, 3) switch
        {
            0 => $"{segment}见一枚约{size}{morphology}息肉，{removal}。",
            1 => $"于{segment}可见一{morphology}息肉，大小约{size}，表面光滑，{removal}。",
            _ => $"{segment}见{morphology}息肉1枚，约{size}，{removal}。",
        };
    }
}
