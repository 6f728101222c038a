using EndoKED.Shared.Records;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Labelling;

public sealed class LabelProposerTests
{
    private static readonly RulesExtractor Rules = new();

    [Theory]
    [InlineData("A 6 mm polyp in the sigmoid colon, removed.", PolypLabel.Present)]
    [InlineData("Colonoscopy to the caecum. No polyps.", PolypLabel.Absent)]
    [InlineData("Report not available.", PolypLabel.Undecided)]
    public void Findings_from_the_rules_give_the_expected_label(string report, PolypLabel expected) =>
        Assert.Equal(expected, LabelProposer.Propose(Rules.Extract(new("x", report, null))).Label);

    [Fact]
    public void An_implicit_negative_is_absent_with_the_lower_confidence_and_undecided_above_a_stricter_threshold()
    {
        var f = Rules.Extract(new("x", "Sigmoid diverticulosis. Otherwise normal colon.", null));

        var label = LabelProposer.Propose(f);
        Assert.Equal(PolypLabel.Absent, label.Label);
        Assert.Equal(new RulesOptions().ImplicitNegativeConfidence, label.Confidence);
        Assert.Equal(PolypLabel.Undecided, LabelProposer.Propose(f, new LabelOptions { MinConfidence = 0.7 }).Label);
    }

    [Fact]
    public void A_disagreement_on_presence_leaves_the_label_undecided()
    {
        var f = Rules.Extract(new("x", "A 6 mm polyp in the sigmoid colon.", null)) with { Disagreements = ["polyp_present"] };

        Assert.Equal(PolypLabel.Undecided, LabelProposer.Propose(f).Label);
    }
}
