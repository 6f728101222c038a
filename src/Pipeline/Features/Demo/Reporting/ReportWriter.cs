using EndoKED.Pipeline.Features.Demo.Planning;

namespace EndoKED.Pipeline.Features.Demo.Reporting;

/// <summary>The texts of one examination in its centre's style.</summary>
internal sealed record ExaminationTexts(string Report, string? Pathology);

internal static class ReportWriter
{
    public static ExaminationTexts Write(ExaminationPlan plan)
    {
        // Its own stream, so the wording never shifts when the pixels change and the other way round.
        var random = DemoRandom.For(plan.Seed, 0x7E47);
        var report = plan.Centre.Style switch
        {
            ReportStyle.EnglishNarrative => NarrativeReportWriter.Write(plan, random),
            ReportStyle.EnglishTemplate => TemplateReportWriter.Write(plan, random),
            _ => ChineseReportWriter.Write(plan, random),
        };
        return new ExaminationTexts(report, PathologyWriter.Write(plan, random));
    }
}
