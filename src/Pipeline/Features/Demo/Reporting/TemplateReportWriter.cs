using System.Text;
using EndoKED.Pipeline.Features.Demo.Planning;
using static EndoKED.Pipeline.Features.Demo.Reporting.EnglishPhrases;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>centre-b: a structured form exported from the endoscopy system, one field a line.</summary>
internal static class TemplateReportWriter
{
    public static string Write(ExaminationPlan plan, DemoRandom random)
    {
        var c = plan.Context;
        var text = new StringBuilder();
        text.Append("ENDOSCOPY UNIT - COLONOSCOPY\n");
        text.Append($"Patient: {plan.PatientId}    Date: {plan.Date:yyyy-MM-dd}\n");
        text.Append("Indication: ").Append(Indication(c.Indication)).Append('\n');
        text.Append("History: ").Append(c.PriorPolypectomyYear is { } year ? $"polypectomy {year}" : "none")
            .Append(c.FamilyHistory ? "; family history of colorectal cancer" : "").Append('\n');
        text.Append($"Preparation: Boston {c.BostonScore}\n");
        text.Append("Extent: caecum").Append(c.TerminalIleum ? " (terminal ileum intubated)" : "").Append('\n');
        text.Append("Findings:\n");
        var layout = random.Next(0, 2);
        if (plan.Polyps.Count == 0)
            text.Append(random.Pick(["- Polyps: none\n", "- Polyp: no\n"]));
        else if (plan.Polyps.Count == 1)
            AppendFields(text, plan.Polyps[0], "- Polyp: yes\n", random);
        else if (layout == 0)
            AppendRows(text, plan.Polyps, random);
        else
        {
            text.Append($"- Polyps: {plan.Polyps.Count}\n");
            foreach (var polyp in plan.Polyps) AppendFields(text, polyp, $"- Polyp {polyp.Id}:\n", random);
        }

        var others = new List<string>();
        if (c.Diverticula is { } d) others.Add($"diverticula ({Segment(d, random)})");
        if (c.Haemorrhoids) others.Add("internal haemorrhoids");
        text.Append("Other findings: ").Append(others.Count > 0 ? string.Join("; ", others) : "none").Append('\n');
        text.Append("Conclusion: ").Append(plan.Polyps.Count switch
        {
            0 => "no polyps",
            1 => "single polyp",
            var n => $"{Count(n)} polyps",
        }).Append(plan.HasPathology ? ", histology pending" : "").Append('\n');
        return text.ToString();
    }

    private static void AppendFields(StringBuilder text, PlannedPolyp polyp, string header, DemoRandom random)
    {
        text.Append(header);
        text.Append($"- Location: {Segment(polyp.Segment, random)}\n");
        text.Append($"- Size: {Centimetres(polyp.SizeMm)}\n");
        text.Append($"- Morphology: {Morphology(polyp.Morphology)} ({Paris(polyp.Morphology)})\n");
        text.Append($"- Removal: {Removal(polyp)}\n");
    }

    private static void AppendRows(StringBuilder text, IReadOnlyList<PlannedPolyp> polyps, DemoRandom random)
    {
        text.Append($"- Polyps: {polyps.Count}\n");
        foreach (var p in polyps)
            text.Append($"  #{p.Id} | Location: {Segment(p.Segment, random)} | Size: {Centimetres(p.SizeMm)} | {Paris(p.Morphology)} | {Removal(p)}\n");
    }

    private static string Removal(PlannedPolyp polyp) => polyp.Removal switch
    {
        RemovalMethod.NotRemoved => "none (anticoagulation), refer for EMR",
        var method => Technique(method) + (polyp.Retrieved ? ", retrieved" : ", not retrieved"),
    };
}
