using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Pipeline.Features.Extraction.Rules;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Rules;

/// <summary>Totals that confirm or correct the items, and fields the rules leave null with a reason instead of guessing.</summary>
public sealed class RulesUndecidedAndTotalsTests
{
    private static readonly RulesExtractor Rules = new();

    [Theory]
    [InlineData("A 5 mm polyp in the caecum, cold snare. A 3 mm polyp in the rectum, cold snare. Two polyps in total.", 2, "confirms", "Two polyps in total")]
    [InlineData("Several small polyps in the sigmoid colon, cold snare. (3 polyps removed.)", 3, "corrects", "3 polyps removed")]
    [InlineData("升结肠见一枚约0.4cm息肉；乙状结肠见两枚约0.3cm息肉。均予切除。共3枚。", 3, "confirms", "共3枚")]
    public void A_total_confirms_or_corrects_the_items_and_never_adds_to_them(string report, int count, string rule, string total)
    {
        var f = Rules.Extract(new("x", report, null));

        Assert.Equal(count, f.PolypCount);
        Assert.Contains(rule, f.Reasons!["polyp_count"], StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.TextIn(report, null).Contains(total, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Note: the Polyps field is left blank when none are found.\nFindings: Normal colon to the caecum.", false)]
    [InlineData("Bowel prep poor; small polyps may have been missed. No polyps seen in the areas visualised.", false)]
    [InlineData("Findings: Nil polyps. Sigmoid diverticulosis.", false)]
    [InlineData("FINDINGS: 2-3 diminutive polyps in the rectum, cold forceps.", true)]
    public void Form_notes_possibilities_and_ranges_are_not_read_as_findings_or_fixed_counts(string report, bool present)
    {
        var f = Rules.Extract(new("x", report, null));

        Assert.Equal(present, f.PolypPresent);
        Assert.Equal(present ? null : 0, f.PolypCount);
    }

    [Fact]
    public void A_negation_that_may_or_may_not_reach_the_polyp_leaves_presence_null_with_the_reason()
    {
        const string report = "Findings: No bleeding was seen from the base of the flat polyp in the transverse colon.";
        var f = Rules.Extract(new("x", report, null));

        Assert.Null(f.PolypPresent);
        Assert.Null(f.PolypCount);
        Assert.StartsWith("negation scope unclear", f.Reasons!["polyp_present"], StringComparison.Ordinal);
        Assert.Contains("No bleeding", f.Evidence.Single().TextIn(report, null), StringComparison.Ordinal);
    }

    [Fact]
    public void An_examination_whose_presence_is_undecided_goes_to_review_and_its_findings_keep_the_reason()
    {
        const string report = "Findings: No bleeding was seen from the base of the flat polyp in the transverse colon.";
        var f = Rules.Extract(new("x", report, null));

        var events = FindingsDecider.Decide(Guid.NewGuid(), report, null,
            [new ExtractorOutcome("rules", Rules.Version, f, null)], new LabelOptions(), DateTimeOffset.UnixEpoch);

        var label = Assert.IsType<ExaminationLabelProposed>(events[1]);
        Assert.Equal(PolypLabel.Undecided, label.Label);
        Assert.True(label.NeedsReview);
        Assert.StartsWith("negation scope unclear", label.Reason, StringComparison.Ordinal);
        Assert.Contains("negation scope unclear", Assert.IsType<FindingsExtracted>(events[0]).FindingsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_polyp_seen_with_an_undecided_count_is_labelled_present_and_still_goes_to_review_with_the_reason()
    {
        var f = new ReportFindings("x", true, null, [], [], [], Rules.Version, 0.95)
        {
            Reasons = new Dictionary<string, string> { ["polyp_count"] = "a range (2-3 polyps) gives no single count" },
        };

        var events = FindingsDecider.Decide(Guid.NewGuid(), "Two to three polyps.", null,
            [new ExtractorOutcome("rules", Rules.Version, f, null)], new LabelOptions(), DateTimeOffset.UnixEpoch);

        var label = Assert.IsType<ExaminationLabelProposed>(events[1]);
        Assert.Equal(PolypLabel.Present, label.Label);
        Assert.True(label.NeedsReview);
        Assert.Contains("polyp_count undecided: a range (2-3 polyps)", label.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_on_a_field_that_was_decided_is_a_note_not_a_reason_for_review()
    {
        var f = new ReportFindings("x", true, 2, [], [], [], Rules.Version, 0.95)
        {
            Reasons = new Dictionary<string, string> { ["polyp_count"] = "the total (two polyps) confirms the items" },
        };

        var label = Assert.IsType<ExaminationLabelProposed>(FindingsDecider.Decide(Guid.NewGuid(), "Two polyps.", null,
            [new ExtractorOutcome("rules", Rules.Version, f, null)], new LabelOptions(), DateTimeOffset.UnixEpoch)[1]);

        Assert.False(label.NeedsReview);
        Assert.DoesNotContain("undecided", label.Reason, StringComparison.Ordinal);
    }
}
