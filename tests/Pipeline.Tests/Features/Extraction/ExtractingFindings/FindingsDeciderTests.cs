using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Labelling;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Extraction.ExtractingFindings;

public sealed class FindingsDeciderTests
{
    private static readonly Guid Exam = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static ReportFindings Findings(bool? present, int? count, string extractor, double confidence = 0.9, IReadOnlyList<string>? unverified = null) =>
        new("x", present, count, [], [], [], extractor, confidence) { Unverified = unverified };

    [Fact]
    public void One_extractor_gives_one_findings_event_and_a_firm_label()
    {
        var events = FindingsDecider.Decide(Exam, "A polyp.", null,
            [new ExtractorOutcome("rules", "rules/1", Findings(true, 1, "rules/1"), null)], new LabelOptions(), Now);

        var extracted = Assert.IsType<FindingsExtracted>(events[0]);
        Assert.Equal("rules/1", extracted.Actor);
        Assert.Contains($"\"id\":\"{Exam}\"", extracted.FindingsJson, StringComparison.Ordinal);
        var label = Assert.IsType<ExaminationLabelProposed>(events[1]);
        Assert.Equal(PolypLabel.Present, label.Label);
        Assert.False(label.NeedsReview);
        Assert.Empty(label.Disagreements);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Extractors_that_differ_send_the_examination_to_review_with_the_fields_marked()
    {
        var events = FindingsDecider.Decide(Exam, "A polyp.", null,
        [
            new ExtractorOutcome("rules", "rules/1", Findings(true, 2, "rules/1"), null),
            new ExtractorOutcome("llm", "llm/m/p1", Findings(false, 0, "llm/m/p1"), null),
        ], new LabelOptions(), Now);

        Assert.Equal(2, events.OfType<FindingsExtracted>().Count());
        var label = Assert.IsType<ExaminationLabelProposed>(events[^1]);
        Assert.Equal(PolypLabel.Undecided, label.Label);
        Assert.True(label.NeedsReview);
        Assert.Equal(["polyp_present", "polyp_count"], label.Disagreements);
        Assert.Equal(["rules/1", "llm/m/p1"], label.Extractors);
    }

    [Fact]
    public void A_count_disagreement_keeps_the_presence_label_but_still_asks_for_review()
    {
        var events = FindingsDecider.Decide(Exam, "Two polyps.", null,
        [
            new ExtractorOutcome("rules", "rules/1", Findings(true, 2, "rules/1"), null),
            new ExtractorOutcome("llm", "llm/m/p1", Findings(true, 3, "llm/m/p1"), null),
        ], new LabelOptions(), Now);

        var label = Assert.IsType<ExaminationLabelProposed>(events[^1]);
        Assert.Equal(PolypLabel.Present, label.Label);
        Assert.True(label.NeedsReview);
        Assert.Equal(["polyp_count"], label.Disagreements);
    }

    [Fact]
    public void A_failed_extractor_is_recorded_and_the_other_one_still_labels()
    {
        var events = FindingsDecider.Decide(Exam, "No polyps.", null,
        [
            new ExtractorOutcome("rules", "rules/1", Findings(false, 0, "rules/1"), null),
            new ExtractorOutcome("llm", "llm/m/p1", null, "the model gave no usable answer after 3 tries"),
        ], new LabelOptions(), Now);

        Assert.IsType<FindingsExtractionFailed>(events[1]);
        var label = Assert.IsType<ExaminationLabelProposed>(events[^1]);
        Assert.Equal(PolypLabel.Absent, label.Label);
        Assert.Contains("llm failed", label.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unverified_evidence_needs_review_and_no_extractor_at_all_is_undecided()
    {
        var unverified = FindingsDecider.Decide(Exam, "Polyp.", null,
            [new ExtractorOutcome("llm", "llm/m/p1", Findings(true, 1, "llm/m/p1", 0.3, ["polyp_count"]), null)], new LabelOptions(), Now);
        var none = FindingsDecider.Decide(Exam, "Polyp.", null,
            [new ExtractorOutcome("llm", "llm/m/p1", null, "timeout")], new LabelOptions(), Now);

        Assert.True(Assert.IsType<ExaminationLabelProposed>(unverified[^1]).NeedsReview);
        var undecided = Assert.IsType<ExaminationLabelProposed>(none[^1]);
        Assert.Equal(PolypLabel.Undecided, undecided.Label);
        Assert.True(undecided.NeedsReview);
    }

    [Fact]
    public void The_text_hash_changes_with_either_text()
    {
        Assert.Equal(FindingsDecider.TextHash("a", null), FindingsDecider.TextHash("a", ""));
        Assert.NotEqual(FindingsDecider.TextHash("a", null), FindingsDecider.TextHash("a", "b"));
        Assert.NotEqual(FindingsDecider.TextHash("ab", null), FindingsDecider.TextHash("a", "b"));
    }
}
