using Bunit;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Rules;
using EndoKED.Portal.Features.Examinations.Viewing.Findings;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Examinations.Viewing;

public class FindingsPanelTests
{
    private const string Report = "Findings: a 6 mm sessile polyp in the transverse colon, removed by cold snare.";

    private static ExaminationView ExamWithTwoExtractors()
    {
        var rules = new RulesExtractor().Extract(new ReportInput("e1", Report, null));
        var llm = rules with
        {
            Extractor = "llm",
            Polyps = [rules.Polyps[0] with { SizeMm = 16 }],
            Unverified = ["polyps[0]"], // as the LLM mapper marks a quote it could not find in the text
        };
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        return new ExaminationView
        {
            Id = Guid.NewGuid(), CentreId = "centre-a", ReportText = Report, Status = ExaminationStatus.InReview,
            Findings =
            [
                new("llm", "llm/qwen3:4b/prompt-v2", FindingsJson.Serialize(llm), true, 0.8, ["polyps[0]"], "h", null, at),
                new("rules", "rules/1", FindingsJson.Serialize(rules), true, 0.9, [], "h", null, at),
            ],
            ProposedLabel = PolypLabel.Present, ProposedLabelConfidence = 0.85, ProposedLabelReason = "both say present",
            Disagreements = ["size_mm"], NeedsReview = true,
        };
    }


    [Fact]
    public async Task Disagreements_and_unfound_quotes_stand_out_and_each_extractor_shows_its_version()
    {
        await using var ctx = MudBunit.Context();
        var panel = ctx.Render<FindingsPanel>(p => p.Add(x => x.Examination, ExamWithTwoExtractors()));

        Assert.Contains("size_mm", panel.Find("[data-testid=disagreements]").TextContent);
        Assert.Contains("llm/qwen3:4b/prompt-v2", panel.Find("[data-testid=extractor-version]").TextContent);
        var polyp = panel.Find("[data-testid=finding-field][data-key='polyps[0]']");
        Assert.Contains("16 mm", polyp.TextContent);
        Assert.Contains("disagree", polyp.TextContent);
        Assert.Contains("quote not in text", polyp.TextContent);
        Assert.DoesNotContain("disagree", panel.Find("[data-testid=finding-field][data-key=polyp_present]").TextContent);
    }

    [Fact]
    public async Task Selecting_a_field_raises_its_evidence_spans_and_escape_clears_them()
    {
        await using var ctx = MudBunit.Context();
        IReadOnlyList<EvidenceSpan>? selected = null;
        var panel = ctx.Render<FindingsPanel>(p => p
            .Add(x => x.Examination, ExamWithTwoExtractors())
            .Add(x => x.SelectedEvidenceChanged, spans => selected = spans));

        panel.Find("[data-testid=finding-field][data-key='polyps[0]']").Click();
        Assert.NotNull(selected);
        var words = selected!.Select(s => Report[s.Start..s.End]).ToList();
        Assert.Contains(words, w => w.Contains("6 mm"));

        panel.Find("[data-testid=findings-list]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(selected!);
    }
}
