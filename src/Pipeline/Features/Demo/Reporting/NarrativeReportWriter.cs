using System.Text;
using EndoKED.Pipeline.Features.Demo.Planning;
using static EndoKED.Pipeline.Features.Demo.Reporting.EnglishPhrases;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>centre-a: free English prose, as dictated by the endoscopist.</summary>
internal static class NarrativeReportWriter
{
    private static readonly string[] Ordinals = ["A", "A second", "A further"];

    public static string Write(ExaminationPlan plan, DemoRandom random)
    {
        var c = plan.Context;
        var text = new StringBuilder();
        text.Append("COLONOSCOPY REPORT\n\n");
        var indication = Indication(c.Indication);
        if (c.PriorPolypectomyYear is { } year) indication += "; " + History(year, random);
        if (c.FamilyHistory) indication += "; family history of colorectal cancer";
        text.Append("Indication: ").Append(char.ToUpperInvariant(indication[0])).Append(indication[1..]).Append(".\n");
        text.Append("Bowel preparation: ").Append(c.BostonScore >= 6 ? random.Pick(["good", "adequate"]) : "fair, small lesions may have been missed")
            .Append($" (BBPS {c.BostonScore}).\n\n");

        text.Append("Procedure: ").Append(random.PickWeighted([0.4, 0.3, 0.3]) switch
        {
            0 => "The scope was advanced to the caecum" + (c.TerminalIleum ? " and the terminal ileum was intubated" : "") + ". The appendiceal orifice and ileocaecal valve were identified.",
            1 => "Caecal intubation was achieved and confirmed by the appendiceal orifice" + (c.TerminalIleum ? "; the terminal ileum was normal" : "") + ".",
            _ => "The colonoscope was passed with ease to the caecum" + (c.TerminalIleum ? " and into the terminal ileum" : "") + ". Withdrawal time 9 minutes.",
        }).Append("\n\nFindings: ");

        foreach (var polyp in plan.Polyps) text.Append(PolypSentence(polyp, Ordinals[Math.Min(polyp.Id - 1, 2)], random)).Append(' ');
        if (c.Diverticula is { } d) text.Append(random.Chance(0.5) ? $"Scattered diverticula in the {Segment(d, random)}. " : $"Diverticulosis of the {Segment(d, random)}. ");
        if (c.Haemorrhoids) text.Append(random.Pick(["Small internal haemorrhoids were seen on retroflexion. ", "Grade I haemorrhoids. "]));
        text.Append(plan.Polyps.Count > 0
            ? random.Pick(["No other polyps were seen.", "The remaining colonic mucosa was normal.", "No further lesions."])
            : random.Pick(["No polyps were seen.", "No polyps, masses or other mucosal lesions.", "Normal colonic mucosa throughout; no polyps."]));

        text.Append("\n\nImpression: ").Append(plan.Polyps.Count > 0
            ? (plan.Polyps.Any(p => p.Removed) ? "Colonic polyps, treated as above." : "Colonic polyp, not removed.")
            : c.Diverticula is not null ? "Diverticular disease, otherwise normal colonoscopy." : "Normal colonoscopy.");
        text.Append("\nRecommendation: ").Append(plan.HasPathology ? "Await histology; surveillance interval to follow." : "Routine follow-up.").Append('\n');
        return text.ToString();
    }

    private static string PolypSentence(PlannedPolyp polyp, string ordinal, DemoRandom random)
    {
        var size = Millimetres(polyp.SizeMm, random);
        var morphology = Morphology(polyp.Morphology);
        var segment = Segment(polyp.Segment, random);
        // "an 8 mm", "an 11 mm": the article follows the spoken number.
        if (ordinal == "A" && (size.StartsWith('8') || size.StartsWith("11", StringComparison.Ordinal) || size.StartsWith("18", StringComparison.Ordinal)))
            ordinal = "An";
        var lower = char.ToLowerInvariant(ordinal[0]) + ordinal[1..];
        var removal = polyp.Removal switch
        {
            RemovalMethod.NotRemoved => "it was not removed because the patient is on anticoagulation; referral for EMR",
            RemovalMethod.Emr => "removed en bloc by EMR after submucosal lifting",
            RemovalMethod.ColdForceps => "removed with cold biopsy forceps",
            _ => $"removed by {Technique(polyp.Removal)}",
        };
        if (polyp.Removed && !polyp.Retrieved) removal += ", but could not be retrieved";
        return random.Next(0, 3) switch
        {
            0 when polyp.Removed => $"{ordinal} {size} {morphology} polyp was found in the {segment} and {removal}.",
            1 => $"In the {segment} there was {lower} {size} {morphology} polyp; {removal}.",
            _ => $"{ordinal} {morphology} polyp measuring {size} was seen in the {segment}; {removal}.",
        };
    }
}
